#include <array>
#include <string>

#include "np/error.hpp"
#include "priority.hpp"

// The names of facilities and severities, both ways, and logger's -p option, given. What
// you write of priority.hpp, decode_pri, is in priority.cpp.

namespace syslogd {

namespace {

struct Name {
    std::string_view name;
    int value;
};

// Facilities 12-15 have no common names (ntp, security, console... differ between systems).
constexpr std::array<Name, 22> kFacilities{{
    {"kern", 0},      {"user", 1},    {"mail", 2},    {"daemon", 3},  {"auth", 4},
    {"syslog", 5},    {"lpr", 6},     {"news", 7},    {"uucp", 8},    {"cron", 9},
    {"authpriv", 10}, {"ftp", 11},    {"local0", 16}, {"local1", 17}, {"local2", 18},
    {"local3", 19},   {"local4", 20}, {"local5", 21}, {"local6", 22}, {"local7", 23},
    {"security", 4},  // old name of auth; after the canonical one, so names print canonically
    {"kernel", 0},
}};

constexpr std::array<Name, 11> kSeverities{{
    {"emerg", 0},
    {"alert", 1},
    {"crit", 2},
    {"err", 3},
    {"warning", 4},
    {"notice", 5},
    {"info", 6},
    {"debug", 7},
    {"panic", 0},  // old names, accepted on input only
    {"error", 3},
    {"warn", 4},
}};

template <std::size_t N>
std::optional<int> find_value(const std::array<Name, N>& table, std::string_view name) {
    for (const auto& entry : table) {
        if (entry.name == name) return entry.value;
    }
    return std::nullopt;
}

template <std::size_t N>
std::string_view find_name(const std::array<Name, N>& table, int value) {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "?";
}

}  // namespace

std::optional<int> facility_from_name(std::string_view name) {
    return find_value(kFacilities, name);
}

std::optional<int> severity_from_name(std::string_view name) {
    return find_value(kSeverities, name);
}

std::string_view facility_name(int facility) { return find_name(kFacilities, facility); }

std::string_view severity_name(int severity) { return find_name(kSeverities, severity); }

int parse_priority_option(std::string_view text) {
    const auto dot = text.find('.');
    int facility = 1;  // user
    std::string_view level = text;
    if (dot != std::string_view::npos) {
        const auto found = facility_from_name(text.substr(0, dot));
        if (!found) {
            throw np::UsageError("unknown facility name: " + std::string(text.substr(0, dot)));
        }
        facility = *found;
        level = text.substr(dot + 1);
    }
    const auto severity = severity_from_name(level);
    if (!severity) throw np::UsageError("unknown priority name: " + std::string(level));
    return facility * 8 + *severity;
}

}  // namespace syslogd
