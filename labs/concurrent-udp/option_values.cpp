#include <strings.h>

#include <charconv>

#include "tftp_options.hpp"

namespace tftp {

bool same_option_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::uint64_t> option_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> find_option(const Options& options, std::string_view name) {
    for (const auto& [key, value] : options) {
        if (same_option_name(key, name)) return value;
    }
    return std::nullopt;
}

}  // namespace tftp
