#include "np/numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace np {

namespace {

[[noreturn]] void throw_invalid(std::string_view text, std::string_view what) {
    throw UsageError("invalid " + std::string(what) + ": '" + std::string(text) + "'");
}

std::string format_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof(text), "%g", value);
    return text;
}

// from_chars over all of `text`: trailing characters ("10x") make the number invalid.
template <class T>
T parse_whole(std::string_view text, std::string_view what) {
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc::result_out_of_range) {
        throw UsageError(std::string(what) + " out of range: " + std::string(text));
    }
    if (error != std::errc() || end != text.data() + text.size()) throw_invalid(text, what);
    return value;
}

}  // namespace

namespace detail {

long long parse_signed(std::string_view text, std::string_view what) {
    return parse_whole<long long>(text, what);
}

unsigned long long parse_unsigned(std::string_view text, std::string_view what) {
    return parse_whole<unsigned long long>(text, what);
}

void throw_out_of_range(std::string_view text, std::string_view what, const std::string& min,
                        const std::string& max) {
    const std::string range = max.empty() ? "at least " + min : min + "-" + max;
    throw UsageError(std::string(what) + " out of range: " + std::string(text) + " (" + range +
                     ")");
}

}  // namespace detail

double parse_decimal(std::string_view text, double min, double max, std::string_view what) {
    double value = parse_whole<double>(text, what);
    if (!std::isfinite(value)) throw_invalid(text, what);  // from_chars accepts "inf", "nan"
    if (value < min || value > max) {
        detail::throw_out_of_range(text, what, format_decimal(min), format_decimal(max));
    }
    return value;
}

}  // namespace np
