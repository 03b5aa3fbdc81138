#pragma once
// How a message is written into a log file: one line in the traditional format,
//
//   Nov  5 14:08:16 myhost myprog[4242]: the message
//
// and never more than one. A message is bytes from anyone: a newline in it would forge a
// second line ("Nov  5 14:08:17 myhost sshd[1]: Accepted password for root"), a terminal
// escape in it would act on whoever runs `tail` on the file. So every control character
// (and every byte that is not part of valid UTF-8) is written as '#' and its three octal
// digits, as rsyslog does: a newline becomes "#012".

#include <string>
#include <string_view>

#include "message.hpp"

namespace syslogd {

// `text` with control characters (0x00-0x1f, 0x7f) and bytes of invalid UTF-8 escaped as
// "#ooo"; valid UTF-8 characters and printable ASCII unchanged.
std::string escape_control_characters(std::string_view text);

// "TIMESTAMP HOST TAG[PID]: [SD ]TEXT\n" ("TAG: " without a pid, nothing without a tag),
// every field escaped. The hostname must be filled in.
std::string format_file_line(const Message& message);

}  // namespace syslogd
