#pragma once
// Reading a received datagram into a Message. Two wire formats are in use:
//
// RFC 3164 (BSD), and glibc's local variant of it, which leaves out the hostname:
//   <34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8
//   <13>Nov  5 14:08:16 myprog[4242]: hello
// RFC 5424 (version 1), with nil fields written "-":
//   <165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [exampleSDID@32473 iut="3"] msg
//
// Nothing a sender writes can make these functions throw or read past the datagram: what
// does not fit a format is kept as message text, and a message with no usable PRI gets
// the default priority, user.notice, as rsyslog does.

#include <ctime>
#include <optional>
#include <string_view>

#include "message.hpp"

namespace syslogd {

// The part after the PRI of an RFC 3164 / local message. `received` is the local time of
// reception, used as the timestamp when the message has none.
Message parse_rfc3164(std::string_view after_pri, const std::tm& received);

// The part after the PRI of an RFC 5424 message, from the version "1 " on; nullopt if it
// is not well-formed RFC 5424 (the caller then reads it as RFC 3164).
std::optional<Message> parse_rfc5424(std::string_view after_pri);

// A whole datagram: the PRI (decode_pri), then RFC 5424 if it says version 1 and parses,
// else RFC 3164. A trailing newline (glibc keeps the caller's) is dropped.
Message parse_syslog_message(std::string_view datagram, const std::tm& received);

}  // namespace syslogd
