#include "logger_options.hpp"

#include <sys/un.h>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"
#include "priority.hpp"

namespace syslogd {

namespace {

// Letters for the long options that have no short one.
constexpr char kRfc3164 = '3', kRfc5424 = '5', kMsgid = 'M', kSdId = 'D', kSdParam = 'A';

}  // namespace

LoggerOptions parse_logger_options(const std::vector<std::string>& args) {
    LoggerOptions options;
    const np::OptionSyntax syntax{"hisd",
                                  "ptunP",
                                  {{"help", 'h'},
                                   {"id", 'i'},
                                   {"stderr", 's'},
                                   {"udp", 'd'},
                                   {"priority", 'p', true},
                                   {"tag", 't', true},
                                   {"socket", 'u', true},
                                   {"server", 'n', true},
                                   {"port", 'P', true},
                                   {"rfc3164", kRfc3164},
                                   {"rfc5424", kRfc5424},
                                   {"msgid", kMsgid, true},
                                   {"sd-id", kSdId, true},
                                   {"sd-param", kSdParam, true}}};
    options.words = np::read_command_line(args, syntax, [&](char option, std::string_view value) {
        switch (option) {
            case 'h':
                options.help = true;
                break;
            case 'i':
                options.with_pid = true;
                break;
            case 's':
                options.to_stderr = true;
                break;
            case 'd':
                break;  // UDP is the only way np-logger sends to a server
            case 'p':
                options.priority = parse_priority_option(value);
                break;
            case 't':
                options.tag = value;
                break;
            case 'u':
                if (value.empty() || value.size() >= sizeof(sockaddr_un{}.sun_path)) {
                    throw np::UsageError("bad socket path: '" + std::string(value) + "'");
                }
                options.socket_path = value;
                break;
            case 'n':
                options.server = value;
                break;
            case 'P':
                options.port = np::parse_number<std::uint16_t>(value, 1, 65535, "port");
                break;
            case kRfc3164:
                options.format = LoggerOptions::kRfc3164;
                break;
            case kRfc5424:
                options.format = LoggerOptions::kRfc5424;
                break;
            case kMsgid:
                options.msgid = value;
                break;
            case kSdId:
                options.structured_data.push_back(std::string(value));
                break;
            case kSdParam:
                if (options.structured_data.empty()) {
                    throw np::UsageError("--sd-param needs an --sd-id before it");
                }
                options.structured_data.back() += " " + std::string(value);
                break;
        }
    });
    if (!options.server.empty() && !options.socket_path.empty()) {
        throw np::UsageError("-n and -u exclude each other");
    }
    if (!options.server.empty() && options.format == LoggerOptions::kLocal) {
        options.format = LoggerOptions::kRfc5424;
    }
    return options;
}

std::string logger_usage() {
    return "Usage: np-logger [options] [MESSAGE...]\n"
           "\n"
           "Sends MESSAGE (or each line of standard input) to the system log.\n"
           "\n"
           "Options:\n"
           "  -p, --priority FAC.LEVEL  the priority (default user.notice)\n"
           "  -t, --tag TAG             the tag (default: your login name)\n"
           "  -i, --id                  add the pid of np-logger\n"
           "  -s, --stderr              write the message on standard error too\n"
           "  -u, --socket SOCKET       the Unix datagram socket (default /dev/log)\n"
           "  -n, --server HOST         send over UDP to HOST instead\n"
           "  -P, --port PORT           the UDP port (default 514)\n"
           "  -d, --udp                 accepted for logger's sake: UDP is the only way\n"
           "      --rfc3164             the BSD format, with the hostname\n"
           "      --rfc5424             the RFC 5424 format (the default with -n)\n"
           "      --msgid ID            RFC 5424's MSGID\n"
           "      --sd-id ID            start a structured-data element (RFC 5424)\n"
           "      --sd-param NAME=\"VALUE\"  a parameter of the last --sd-id\n"
           "  -h, --help                print this help and exit\n"
           "\n"
           "Without --rfc3164 or --rfc5424 a local socket gets the format of glibc's\n"
           "syslog(3), sent through np::openlog and np::syslog.\n"
           "\n"
           "Exit status: 0 if sent, 1 if the log could not be reached, 2 for a bad\n"
           "command line.\n";
}

}  // namespace syslogd
