#pragma once
// Kernel messages, as /dev/kmsg gives them: one record per read(),
//
//   6,1234,5678901,-;usb 1-1: new high-speed USB device number 2
//    SUBSYSTEM=usb            (continuation lines of key=value pairs, ignored)
//
// PRIORITY (facility * 8 + level: 0 facility for the kernel's own), sequence number,
// microseconds since boot, flags, then the text.

#include <ctime>
#include <optional>
#include <string_view>

#include "message.hpp"

namespace syslogd {

// The message of one record, tagged "kernel" and stamped `now`; nullopt if malformed.
std::optional<Message> parse_kernel_record(std::string_view record, const std::tm& now);

}  // namespace syslogd
