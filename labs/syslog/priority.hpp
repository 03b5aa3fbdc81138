#pragma once
// Facilities and severities: the two halves of a syslog priority, by number and by name,
// and the "<PRI>" that starts every message on the wire.
//
// PRI = facility * 8 + severity, so 0..191: 24 facilities (kern 0, user 1, mail 2, ...,
// local0..local7 16..23) times 8 severities (emerg 0 ... debug 7; lower is more urgent).
// <syslog.h>'s LOG_MAIL is already shifted (2 << 3): there, PRI = LOG_MAIL | LOG_ERR.

#include <cstddef>
#include <optional>
#include <string_view>

namespace syslogd {

constexpr int kFacilityCount = 24;
constexpr int kSeverityCount = 8;
constexpr int kMaxPriority = kFacilityCount * kSeverityCount - 1;  // 191
// What a message without a usable PRI gets, as rsyslog and RFC 3164 (4.3.3) say: user.notice.
constexpr int kDefaultPriority = 1 * 8 + 5;  // 13

constexpr int facility_of(int priority) { return priority >> 3; }
constexpr int severity_of(int priority) { return priority & 7; }

// "mail" -> 2, "local7" -> 23, "security" (an old name of auth) -> 4; nullopt if unknown.
std::optional<int> facility_from_name(std::string_view name);
// "err" -> 3 ("error" too), "warning" -> 4 ("warn"), "emerg" -> 0 ("panic"); nullopt if unknown.
std::optional<int> severity_from_name(std::string_view name);
// The canonical names, for messages; "?" out of range.
std::string_view facility_name(int facility);
std::string_view severity_name(int severity);

// logger's -p: "facility.level" or just "level" (facility user). Throws np::UsageError
// naming the bad part.
int parse_priority_option(std::string_view text);

// The "<PRI>" at the start of a datagram.
struct DecodedPri {
    enum Status {
        kOk,       // a well-formed <PRI> of 0..191
        kMissing,  // the text does not start with '<' digits '>'
        kInvalid,  // '<' digits '>' but over 191, more than 3 digits, or a leading zero
    };
    Status status = kMissing;
    int priority = kDefaultPriority;  // the decoded value, or kDefaultPriority if not kOk
    std::size_t length = 0;           // bytes of the "<...>" to skip (0 if kMissing)
};

// Decodes the PRI at the start of `datagram`. Never throws, never reads past the text.
DecodedPri decode_pri(std::string_view datagram);

}  // namespace syslogd
