#pragma once
// The blanks of the configuration file's lines, for parse_config (config.cpp).

#include <string_view>

namespace daemons {

inline constexpr std::string_view kBlanks = " \t\r";

// `text` without the blanks (kBlanks) around it.
inline std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kBlanks);
    return text.substr(first, last - first + 1);
}

}  // namespace daemons
