#pragma once
// Numbers from the command line, checked whole and against their range, with a message
// that names the option: "invalid count: 'abc'", "count out of range: 0 (1-65535)".

#include <concepts>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "np/error.hpp"

namespace np {

namespace detail {
// The integer in `text` (all of it, optional '-' for negatives); throws UsageError.
long long parse_signed(std::string_view text, std::string_view what);
unsigned long long parse_unsigned(std::string_view text, std::string_view what);
// An empty max means "no upper bound worth naming": "(at least MIN)".
[[noreturn]] void throw_out_of_range(std::string_view text, std::string_view what,
                                     const std::string& min, const std::string& max);

template <std::integral T>
T parse_in_range(std::string_view text, T min, T max, std::string_view what, bool name_max) {
    auto in_range = [&](auto value) {
        return std::cmp_greater_equal(value, min) && std::cmp_less_equal(value, max);
    };
    if (!text.empty() && text.front() == '-') {
        long long value = parse_signed(text, what);
        if (in_range(value)) return static_cast<T>(value);
    } else {
        unsigned long long value = parse_unsigned(text, what);
        if (in_range(value)) return static_cast<T>(value);
    }
    throw_out_of_range(text, what, std::to_string(min), name_max ? std::to_string(max) : "");
}
}  // namespace detail

// The integer in `text`, which must lie in [min, max]; throws np::UsageError otherwise.
template <std::integral T>
T parse_number(std::string_view text, T min, T max, std::string_view what) {
    return detail::parse_in_range(text, min, max, what, true);
}

// The integer in `text`, at least min and at most what T holds ("count out of range: 0
// (at least 1)"): for counts with no limit worth naming.
template <std::integral T>
T parse_at_least(std::string_view text, T min, std::string_view what) {
    return detail::parse_in_range(text, min, std::numeric_limits<T>::max(), what, false);
}

// The decimal number in `text` ("0.2", "1e-3"), finite and in [min, max]; throws UsageError.
double parse_decimal(std::string_view text, double min, double max, std::string_view what);

}  // namespace np
