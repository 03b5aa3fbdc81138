#include "parse_message.hpp"
#include "priority.hpp"
#include "timestamp.hpp"

// A whole datagram, given: the PRI, then RFC 5424 if it parses as that, else RFC 3164.
// What you write of parse_message.hpp, the two parsers, is in parse_message.cpp.

namespace syslogd {

Message parse_syslog_message(std::string_view datagram, const std::tm& received) {
    if (!datagram.empty() && datagram.back() == '\n') datagram.remove_suffix(1);
    const DecodedPri pri = decode_pri(datagram);
    const std::string_view rest = datagram.substr(pri.length);
    Message message;
    if (auto parsed = parse_rfc5424(rest)) {
        message = std::move(*parsed);
        if (message.timestamp.empty()) message.timestamp = format_bsd_timestamp(received);
    } else {
        message = parse_rfc3164(rest, received);
    }
    message.priority = pri.priority;
    return message;
}

}  // namespace syslogd
