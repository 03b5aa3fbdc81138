#include "selector.hpp"

#include <string>
#include <vector>

namespace syslogd {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

// The severities a level part stands for, as a bit mask, and whether it takes them out.
struct Level {
    std::uint8_t bits;
    bool negate;
    bool none;  // "none": the facility takes nothing, whatever earlier parts said
};

Level read_level(std::string_view text) {
    Level level{0, false, false};
    if (text == "none") {
        level.none = true;
        return level;
    }
    if (!text.empty() && text[0] == '!') {
        level.negate = true;
        text.remove_prefix(1);
    }
    bool exact = false;
    if (!text.empty() && text[0] == '=') {
        exact = true;
        text.remove_prefix(1);
    }
    if (text == "*") {
        level.bits = 0xff;
        return level;
    }
    const auto severity = severity_from_name(text);
    if (!severity) throw SelectorError("unknown level '" + std::string(text) + "'");
    // Severity s and every more urgent one: bits 0..s.
    level.bits = exact ? static_cast<std::uint8_t>(1u << *severity)
                       : static_cast<std::uint8_t>((2u << *severity) - 1);
    return level;
}

}  // namespace

bool Selector::matches(int priority) const {
    if (priority < 0 || priority > kMaxPriority) return false;
    return (masks_[static_cast<std::size_t>(facility_of(priority))] >> severity_of(priority)) & 1;
}

Selector parse_selector(std::string_view text) {
    Selector selector;
    for (const std::string_view part : split(text, ';')) {
        const auto dot = part.rfind('.');
        if (dot == std::string_view::npos) {
            throw SelectorError("selector '" + std::string(part) + "' has no '.level'");
        }
        const Level level = read_level(part.substr(dot + 1));
        std::vector<int> facilities;
        for (const std::string_view name : split(part.substr(0, dot), ',')) {
            if (name == "*") {
                for (int f = 0; f < kFacilityCount; ++f) facilities.push_back(f);
                continue;
            }
            const auto facility = facility_from_name(name);
            if (!facility) throw SelectorError("unknown facility '" + std::string(name) + "'");
            facilities.push_back(*facility);
        }
        for (const int f : facilities) {
            auto& mask = selector.masks_[static_cast<std::size_t>(f)];
            if (level.none) {
                mask = 0;
            } else if (level.negate) {
                mask = static_cast<std::uint8_t>(mask & ~level.bits);
            } else {
                mask = static_cast<std::uint8_t>(mask | level.bits);
            }
        }
    }
    return selector;
}

}  // namespace syslogd
