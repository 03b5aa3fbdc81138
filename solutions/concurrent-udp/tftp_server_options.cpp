// np-tftpd's command line (tftpd-hpa's options) and its listening address.

#include <algorithm>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"
#include "tftp_server.hpp"

namespace tftp {

std::string server_usage() {
    return "Usage: np-tftpd [-L] [-a [address][:port]] [-c] [-s] [-T usec] [-t sec] [-4|-6] [-v]"
           " DIRECTORY\n"
           "Serves the files of DIRECTORY over TFTP (RFC 1350, options per RFC 2347-2349).\n"
           "  -L            standalone: listen in the foreground (else: under inetd, the\n"
           "                request is on descriptor 0, as 'dgram udp wait')\n"
           "  -a ADDR:PORT  address and port to listen on (default: all addresses, port 69);\n"
           "                an IPv6 address with a port goes in brackets: [fd00::2]:69\n"
           "  -c            allow write requests to create new files\n"
           "  -s            serve DIRECTORY as the root (always on: nothing outside is served)\n"
           "  -T USEC       retransmission timeout in microseconds (default 1000000)\n"
           "  -t SEC        under inetd, exit after SEC seconds without a request (default 900)\n"
           "  -4, -6        IPv4 or IPv6 only\n"
           "  -v            log each transfer on stderr\n";
}

ServerOptions parse_server_options(const std::vector<std::string>& args) {
    ServerOptions options;
    const np::OptionSyntax syntax{"46Lcsvh", "aTt", {{"help", 'h'}}};
    const auto operands = np::read_command_line(args, syntax, [&](char c, std::string_view v) {
        switch (c) {
            case '4':
                options.family = AF_INET;
                break;
            case '6':
                options.family = AF_INET6;
                break;
            case 'L':
                options.standalone = true;
                break;
            case 'c':
                options.allow_create = true;
                break;
            case 's':
                options.secure = true;
                break;
            case 'v':
                options.verbose = true;
                break;
            case 'h':
                options.help = true;
                break;
            case 'a':
                options.address = v;
                break;
            case 'T':
                options.timeout = std::chrono::milliseconds(
                    np::parse_number<long>(v, 1000, 255'000'000, "timeout") / 1000);
                break;
            case 't':
                options.idle =
                    std::chrono::seconds(np::parse_number<long>(v, 1, 86400, "idle time"));
                break;
        }
    });
    if (options.help) return options;
    if (operands.size() != 1) throw np::UsageError("exactly one DIRECTORY to serve is required");
    options.directory = operands.front();
    return options;
}

np::SocketAddress parse_listen_address(const std::string& text, int family) {
    std::string host = text;
    std::string port = "69";
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos) throw np::UsageError("bad address: '" + text + "'");
        host = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') throw np::UsageError("bad address: '" + text + "'");
            port = rest.substr(1);
        }
    } else if (std::ranges::count(text, ':') == 1) {
        const auto colon = text.find(':');
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    const auto number = np::parse_number<std::uint16_t>(port, 1, 65535, "port");
    if (host.empty()) {
        // No address: every address, of both families unless -4 or -6 narrowed it.
        auto any = np::SocketAddress::parse_numeric(family == AF_INET ? "0.0.0.0" : "::", number);
        return *any;
    }
    auto found = np::resolve(host, family, SOCK_DGRAM).front();
    found.set_port(number);
    return found;
}

}  // namespace tftp
