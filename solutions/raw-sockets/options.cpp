#include "options.hpp"

#include <string_view>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace raw {

namespace {

constexpr std::size_t kMaxIpv4Payload = 65535 - 20;

std::vector<std::byte> pattern(std::size_t length) {
    std::vector<std::byte> payload(length);
    for (std::size_t i = 0; i < length; ++i) payload[i] = std::byte('a' + i % 26);
    return payload;
}

void set_ports(SendOptions& options, std::string_view value) {
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) {
        throw np::UsageError("invalid ports: '" + std::string(value) + "' (SPORT:DPORT)");
    }
    options.source_port =
        np::parse_number<std::uint16_t>(value.substr(0, colon), 0, 65535, "source port");
    options.destination_port =
        np::parse_number<std::uint16_t>(value.substr(colon + 1), 1, 65535, "destination port");
}

}  // namespace

SendOptions parse_send_options(const std::vector<std::string>& args) {
    SendOptions options;
    bool have_protocol = false;
    bool have_payload = false;
    auto apply = [&](char option, std::string_view value) {
        switch (option) {
            case 'h':
                options.help = true;
                break;
            case '6':
                options.family = AF_INET6;
                break;
            case 'D':
                options.dont_fragment = true;
                break;
            case 'u':
                if (have_protocol) throw np::UsageError("only one of -u and -P may be given");
                have_protocol = true;
                set_ports(options, value);
                options.protocol = 17;
                break;
            case 'P':
                if (have_protocol) throw np::UsageError("only one of -u and -P may be given");
                have_protocol = true;
                options.protocol = np::parse_number<std::uint8_t>(value, 0, 255, "protocol");
                break;
            case 'S':
                if (value.empty()) throw np::UsageError("invalid source address: ''");
                options.source = value;
                break;
            case 't':
                options.ttl = np::parse_number<int>(value, 1, 255, "ttl");
                break;
            case 'i':
                options.identification =
                    np::parse_number<std::uint16_t>(value, 0, 65535, "identification");
                break;
            case 'm':
            case 'l':
                if (have_payload) throw np::UsageError("only one of -m and -l may be given");
                have_payload = true;
                if (option == 'm') {
                    options.payload.assign(
                        reinterpret_cast<const std::byte*>(value.data()),
                        reinterpret_cast<const std::byte*>(value.data()) + value.size());
                } else {
                    options.payload =
                        pattern(np::parse_number<std::size_t>(value, 0, kMaxIpv4Payload, "length"));
                }
                break;
        }
    };
    auto operands = np::read_command_line(args, {"6Dh", "uPStilm"}, apply);
    if (options.help) return options;
    if (!have_protocol) throw np::UsageError("one of -u SPORT:DPORT and -P PROTO is required");
    if (!have_payload) throw np::UsageError("one of -m TEXT and -l LENGTH is required");
    if (options.family == AF_INET6 && (options.identification != 0 || options.dont_fragment)) {
        throw np::UsageError("-i and -D set IPv4 header fields: not with -6");
    }
    const std::size_t transport = options.source_port ? 8 : 0;
    if (options.payload.size() + transport > kMaxIpv4Payload) {
        throw np::UsageError("payload of " + std::to_string(options.payload.size()) +
                             " bytes does not fit one datagram");
    }
    if (operands.size() != 1) {
        throw np::UsageError(operands.empty() ? "destination address required"
                                              : "one destination only");
    }
    options.destination = operands[0];
    return options;
}

RecvOptions parse_recv_options(const std::vector<std::string>& args) {
    RecvOptions options;
    auto apply = [&](char option, std::string_view value) {
        switch (option) {
            case 'h':
                options.help = true;
                break;
            case '6':
                options.family = AF_INET6;
                break;
            case 'x':
                options.hex = true;
                break;
            case 'b':
                if (value.empty()) throw np::UsageError("invalid local address: ''");
                options.local = value;
                break;
            case 'c':
                if (value.empty()) throw np::UsageError("invalid remote address: ''");
                options.remote = value;
                break;
            case 'n':
                options.count = np::parse_at_least<std::int64_t>(value, 1, "count");
                break;
        }
    };
    auto operands = np::read_command_line(args, {"6xh", "bcn"}, apply);
    if (options.help) return options;
    if (operands.size() != 1) {
        throw np::UsageError(operands.empty() ? "protocol number required"
                                              : "one protocol number only");
    }
    options.protocol = np::parse_number<std::uint8_t>(operands[0], 0, 255, "protocol");
    return options;
}

std::string send_usage() {
    return "Usage: np-rawsend [-6] (-u SPORT:DPORT | -P PROTO) [-S SRC] [-t TTL] [-i ID] [-D]\n"
           "                  (-m TEXT | -l LENGTH) DEST\n"
           "\n"
           "Sends one datagram built by hand: over IPv4 with a header of our own (IP_HDRINCL),\n"
           "fragmented by hand when it exceeds the route's MTU; over IPv6 (-6) through a raw\n"
           "socket of that protocol.\n"
           "\n"
           "  -6              send over IPv6\n"
           "  -u SPORT:DPORT  a UDP datagram with these ports\n"
           "  -P PROTO        any protocol number (0-255), the payload as it is\n"
           "  -S SRC          source address (default: the route's)\n"
           "  -t TTL          time to live / hop limit (1-255)\n"
           "  -i ID           IPv4 identification (default 0: the kernel chooses)\n"
           "  -D              set Don't Fragment (IPv4)\n"
           "  -m TEXT         the payload\n"
           "  -l LENGTH       a payload of LENGTH bytes, \"abc...z\" repeated\n"
           "  -h, --help      print this help and exit\n"
           "\n"
           "Exit status: 0 when sent, 1 when sending failed, 2 on a usage error.\n";
}

std::string recv_usage() {
    return "Usage: np-rawrecv [-6] [-b LOCAL] [-c REMOTE] [-x] [-n COUNT] PROTO\n"
           "\n"
           "Reads datagrams of protocol PROTO (0-255) from a raw socket and prints one line\n"
           "each: SRC > DST: proto P, ttl T, id I, length L (IPv6: hlim H and no id).\n"
           "\n"
           "  -6          use IPv6\n"
           "  -b LOCAL    bind: only datagrams sent to LOCAL\n"
           "  -c REMOTE   connect: only datagrams from REMOTE\n"
           "  -x          add a hex dump of what the socket delivered\n"
           "  -n COUNT    stop after COUNT datagrams\n"
           "  -h, --help  print this help and exit\n"
           "\n"
           "Exit status: 0 after COUNT datagrams, 1 on a socket error, 2 on a usage error.\n";
}

}  // namespace raw
