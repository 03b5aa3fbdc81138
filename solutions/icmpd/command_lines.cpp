#include "command_lines.hpp"

#include <cmath>
#include <string_view>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace icmpd {

namespace {

// The largest UDP payload of an IPv4 datagram: 65535 - 20 (IP) - 8 (UDP).
constexpr std::size_t kMaxLength = 65507;

std::string socket_path(std::string_view value) {
    if (value.empty()) throw np::UsageError("invalid socket path: ''");
    return std::string(value);
}

}  // namespace

DaemonOptions parse_daemon_options(const std::vector<std::string>& args) {
    DaemonOptions options;
    const auto operands =
        np::read_command_line(args, {"hnv", "s"}, [&](char option, std::string_view value) {
            switch (option) {
                case 'h':
                    options.help = true;
                    break;
                case 'n':
                    options.foreground = true;
                    break;
                case 'v':
                    options.verbose = true;
                    break;
                case 's':
                    options.socket_path = socket_path(value);
                    break;
            }
        });
    if (!options.help && !operands.empty()) {
        throw np::UsageError("unexpected argument '" + operands.front() + "'");
    }
    return options;
}

std::string daemon_usage_text() {
    return "Usage: np-icmpd [-n] [-v] [-s SOCKET]\n"
           "\n"
           "Reads every ICMP and ICMPv6 error that reaches this host and passes each one\n"
           "about a UDP datagram to the client that registered the datagram's socket.\n"
           "Clients connect to a Unix stream socket and pass their bound UDP socket.\n"
           "\n"
           "Options:\n"
           "  -n          stay in the foreground (no daemon); messages on stderr\n"
           "  -s SOCKET   the Unix socket to listen on (default " +
           std::string(kDefaultSocketPath) +
           ")\n"
           "  -v          verbose: report registrations and ignored ICMP messages\n"
           "  -h, --help  print this help and exit\n"
           "\n"
           "Needs root (raw sockets). Exit status: 0 after SIGTERM, SIGINT or SIGHUP, 1 if it\n"
           "could not start, 2 on a usage error.\n";
}

Destination parse_destination(const std::string& text) {
    std::string_view rest = text;
    Destination destination;
    std::string_view port;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos || rest.substr(close + 1, 1) != ":") {
            throw np::UsageError("invalid destination '" + text + "': expected [ADDRESS]:PORT");
        }
        destination.host = rest.substr(1, close - 1);
        port = rest.substr(close + 2);
    } else {
        const auto colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            throw np::UsageError("invalid destination '" + text + "': expected HOST:PORT");
        }
        destination.host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (destination.host.find(':') != std::string::npos) {
            throw np::UsageError("invalid destination '" + text +
                                 "': write an IPv6 address in brackets, [ADDRESS]:PORT");
        }
    }
    if (destination.host.empty()) throw np::UsageError("invalid destination '" + text + "'");
    destination.port = np::parse_number<std::uint16_t>(port, 1, 65535, "port");
    return destination;
}

ClientOptions parse_client_options(const std::vector<std::string>& args) {
    ClientOptions options;
    np::OptionSyntax syntax{"hDr", "lpstw", {{"help", 'h'}, {"recverr", 'r'}}};
    const auto operands =
        np::read_command_line(args, syntax, [&](char option, std::string_view value) {
            switch (option) {
                case 'h':
                    options.help = true;
                    break;
                case 'D':
                    options.dont_fragment = true;
                    break;
                case 'r':
                    options.recverr = true;
                    break;
                case 'l':
                    options.length = np::parse_number<std::size_t>(value, 0, kMaxLength, "length");
                    break;
                case 'p':
                    options.local_port = np::parse_number<std::uint16_t>(value, 1, 65535, "port");
                    break;
                case 's':
                    options.socket_path = socket_path(value);
                    break;
                case 't':
                    options.ttl = np::parse_number<int>(value, 1, 255, "ttl");
                    break;
                case 'w': {
                    const double seconds = np::parse_decimal(value, 0.0, 3600.0, "wait");
                    options.wait = std::chrono::milliseconds(std::llround(seconds * 1000));
                    break;
                }
            }
        });
    if (options.help) return options;
    if (operands.empty()) throw np::UsageError("usage error: at least one DEST:PORT required");
    for (const std::string& operand : operands) {
        options.destinations.push_back(parse_destination(operand));
    }
    return options;
}

std::string client_usage_text() {
    return "Usage: np-udpcli [-s SOCKET] [-t ttl] [-D] [-l length] [-w seconds] [-p port]\n"
           "                 [--recverr] DEST:PORT...\n"
           "\n"
           "Sends one UDP datagram to each destination (HOST:PORT, or [ADDRESS]:PORT for\n"
           "IPv6) from one unconnected socket per address family, and prints each ICMP\n"
           "error that comes back about them:\n"
           "  DEST:PORT: <error text> (ICMP type T code C)[ mtu N]\n"
           "The errors come from np-icmpd, or with --recverr from the socket's own error\n"
           "queue (IP_RECVERR, IPV6_RECVERR).\n"
           "\n"
           "Options:\n"
           "  -s SOCKET   np-icmpd's Unix socket (default " +
           std::string(kDefaultSocketPath) +
           ")\n"
           "  -t TTL      time to live / hop limit of the datagrams (1-255)\n"
           "  -D          set Don't Fragment (path MTU discovery); without it IPv4\n"
           "              datagrams may be fragmented on the way\n"
           "  -l LENGTH   payload bytes per datagram (default 32, at most 65507)\n"
           "  -w SECONDS  wait this long for errors (default 2); it ends sooner once every\n"
           "              destination has reported one\n"
           "  -p PORT     bind the socket(s) to this local port (default: any)\n"
           "  --recverr   no daemon: read errors with IP_RECVERR / MSG_ERRQUEUE\n"
           "  -h, --help  print this help and exit\n"
           "\n"
           "Exit status: 0 if no error came back, 1 if one did, 2 on a usage or system\n"
           "error (np-icmpd not running, say).\n";
}

}  // namespace icmpd
