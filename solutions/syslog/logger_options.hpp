#pragma once
// np-logger's command line, the common part of util-linux logger's.

#include <cstdint>
#include <string>
#include <vector>

namespace syslogd {

struct LoggerOptions {
    enum Format { kLocal, kRfc3164, kRfc5424 };

    bool help = false;
    int priority = 1 * 8 + 5;  // -p, user.notice
    std::string tag;           // -t; empty: the user's login name
    bool with_pid = false;     // -i
    bool to_stderr = false;    // -s
    std::string socket_path;   // -u; empty: /dev/log
    std::string server;        // -n; empty: the local socket
    std::uint16_t port = 514;  // -P
    Format format = kLocal;    // --rfc3164, --rfc5424; -n alone: RFC 5424, as logger
    std::string msgid;         // --msgid (RFC 5424)
    std::vector<std::string> structured_data;  // --sd-id starts an element, --sd-param adds
    std::vector<std::string> words;            // the message; none: read standard input
};

LoggerOptions parse_logger_options(const std::vector<std::string>& args);
std::string logger_usage();

}  // namespace syslogd
