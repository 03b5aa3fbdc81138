#pragma once
// One syslog message once received and parsed: what the routing and the log files need,
// whatever wire format it came in.

#include <string>

#include "priority.hpp"

namespace syslogd {

struct Message {
    int priority = kDefaultPriority;  // facility * 8 + severity
    std::string timestamp;            // "Mmm dd hh:mm:ss", as the log line shows it
    std::string hostname;             // empty: not in the message (the receiver fills it in)
    std::string tag;                  // RFC 3164 TAG / RFC 5424 APP-NAME; may be empty
    std::string pid;                  // the "[pid]" / PROCID; empty if none
    std::string msgid;                // RFC 5424 only; empty if nil
    std::string structured_data;      // RFC 5424 "[id k="v"]..." as sent; empty if nil
    std::string text;                 // the free-form message, raw bytes (not escaped yet)

    int facility() const { return facility_of(priority); }
    int severity() const { return severity_of(priority); }
};

}  // namespace syslogd
