#include "syslogd_options.hpp"

#include <sys/un.h>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace syslogd {

namespace {

// "514", "10.0.0.1:514", "[2001:db8::1]:514", "::1" is not accepted (say "[::1]:514").
void read_udp_spec(SyslogdOptions& options, std::string_view spec) {
    std::string_view port = spec;
    if (spec.substr(0, 1) == "[") {
        const auto close = spec.find("]:");
        if (close == std::string_view::npos) {
            throw np::UsageError("bad -r '" + std::string(spec) + "': use [ADDRESS]:PORT");
        }
        options.udp_host = spec.substr(1, close - 1);
        port = spec.substr(close + 2);
    } else if (const auto colon = spec.rfind(':'); colon != std::string_view::npos) {
        options.udp_host = spec.substr(0, colon);
        port = spec.substr(colon + 1);
        if (options.udp_host.find(':') != std::string::npos) {
            throw np::UsageError("bad -r '" + std::string(spec) +
                                 "': write IPv6 as [ADDRESS]:PORT");
        }
    }
    options.udp = true;
    options.udp_port = np::parse_number<std::uint16_t>(port, 1, 65535, "port");
}

}  // namespace

SyslogdOptions parse_syslogd_options(const std::vector<std::string>& args) {
    SyslogdOptions options;
    const np::OptionSyntax syntax{"hnk", "fpr", {{"help", 'h'}, {"foreground", 'n'}}};
    const auto operands =
        np::read_command_line(args, syntax, [&](char option, std::string_view value) {
            switch (option) {
                case 'h':
                    options.help = true;
                    break;
                case 'n':
                    options.foreground = true;
                    break;
                case 'k':
                    options.kernel = true;
                    break;
                case 'f':
                    if (value.empty()) throw np::UsageError("empty argument for -f");
                    options.config_path = value;
                    break;
                case 'p':
                    if (value.empty() || value.size() >= sizeof(sockaddr_un{}.sun_path)) {
                        throw np::UsageError("bad socket path for -p: '" + std::string(value) +
                                             "'");
                    }
                    options.socket_path = value;
                    break;
                case 'r':
                    read_udp_spec(options, value);
                    break;
            }
        });
    if (!operands.empty()) throw np::UsageError("unexpected argument '" + operands.front() + "'");
    return options;
}

std::string syslogd_usage() {
    return "Usage: np-syslogd [-n] [-k] [-f CONFIG] [-p SOCKET] [-r [HOST:]PORT]\n"
           "\n"
           "A system logger: receives syslog messages on a Unix datagram socket (and\n"
           "optionally over UDP and from the kernel), and writes each to the destinations\n"
           "that CONFIG's rules choose ('SELECTOR ACTION' lines in syslog.conf syntax:\n"
           "/file, -/file without sync, @host[:port] to forward, /dev/stdout).\n"
           "SIGHUP re-reads CONFIG and reopens the files; SIGTERM and SIGINT stop it.\n"
           "\n"
           "Options:\n"
           "  -n, --foreground  stay in the foreground; without -f, log to standard output\n"
           "  -f CONFIG         the rules (default /etc/syslog.conf)\n"
           "  -p SOCKET         the Unix datagram socket to receive on (default /dev/log)\n"
           "  -r [HOST:]PORT    receive over UDP too, on HOST's address or on every IPv4\n"
           "                    and IPv6 address (IPv6 as [ADDRESS]:PORT)\n"
           "  -k                read kernel messages from /dev/kmsg\n"
           "  -h, --help        print this help and exit\n"
           "\n"
           "Exit status: 0 after a clean stop; 1 if it cannot start (bad configuration,\n"
           "socket in use); 2 for a bad command line.\n";
}

}  // namespace syslogd
