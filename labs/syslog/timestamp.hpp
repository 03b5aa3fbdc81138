#pragma once
// The two timestamp formats of syslog, both written the same whatever the locale.
//   RFC 3164 / glibc / log files: "Nov  5 14:08:16" (English month, day padded with a
//                                  space, no year, no zone: strftime's "%h %e %T" in "C")
//   RFC 5424:                      "2026-11-05T14:08:16.123456+01:00"

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace syslogd {

std::string format_bsd_timestamp(const std::tm& local_time);

// The 15 characters at the start of `text` if they are an RFC 3164 timestamp
// ("Mmm dd hh:mm:ss", day padded with a space or a zero), normalised to the padded-space
// form; nullopt otherwise.
std::optional<std::string> read_bsd_timestamp(std::string_view text);

// An RFC 5424 timestamp ("2003-10-11T22:14:15.003Z", "...+02:00") shown the BSD way
// ("Oct 11 22:14:15", the sender's wall-clock time, the fraction dropped); nullopt if
// malformed.
std::optional<std::string> rfc5424_to_bsd(std::string_view timestamp);

// Now, in RFC 5424's form with microseconds and the local UTC offset.
std::string rfc5424_timestamp_now();

}  // namespace syslogd
