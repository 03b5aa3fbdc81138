#pragma once
// Messages as senders put them on the wire (np-logger, and np-syslogd when it forwards).
//   local (glibc):  <PRI>Mmm dd hh:mm:ss TAG[PID]: MSG           (np::syslog builds this)
//   RFC 3164:       <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG
//   RFC 5424:       <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG  ("-" for a nil field)

#include <string>
#include <string_view>

namespace syslogd {

// `pid` empty: no "[PID]". `timestamp` as format_bsd_timestamp writes it.
std::string format_rfc3164(int priority, std::string_view timestamp, std::string_view hostname,
                           std::string_view tag, std::string_view pid, std::string_view text);

struct Rfc5424Fields {
    std::string timestamp;        // rfc5424_timestamp_now() or "-"
    std::string hostname;         // empty: "-"
    std::string app_name;         // empty: "-"
    std::string procid;           // empty: "-"
    std::string msgid;            // empty: "-"
    std::string structured_data;  // whole elements "[id k=\"v\"]..."; empty: "-"
};

std::string format_rfc5424(int priority, const Rfc5424Fields& fields, std::string_view text);

// This machine's name; `short_name`: cut at the first dot (RFC 3164 wants no domain).
std::string local_hostname(bool short_name);

}  // namespace syslogd
