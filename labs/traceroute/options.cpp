#include "options.hpp"

#include <string_view>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"
#include "probe.hpp"

namespace traceroute {

namespace {

constexpr std::string_view kTakesValue = "fmNpqw";
constexpr std::string_view kFlags = "46hInv";
constexpr int kMaxQueries = 10;  // Debian's limit
constexpr int kMaxTtl = 255;
constexpr std::size_t kMaxPacketLength = 65000;
constexpr double kMaxWait = 86400.0;

void set_family(Options& options, int family) {
    if (options.family != AF_UNSPEC && options.family != family) {
        throw np::UsageError("only one of -4 and -6 may be given");
    }
    options.family = family;
}

// "5", "5,3,10" or "5/3/10".
WaitSpec parse_wait(std::string_view text) {
    WaitSpec wait{0.0, 0.0, 0.0};
    double* fields[] = {&wait.max_seconds, &wait.here, &wait.near};
    std::size_t field = 0;
    for (;;) {
        const std::size_t end = text.find_first_of(",/");
        const std::string_view part = text.substr(0, end);
        if (field >= 3) throw np::UsageError("invalid wait: too many fields in -w");
        // A probe needs some time to come back; the factors may be 0 (off).
        *fields[field] = np::parse_decimal(part, field == 0 ? 0.001 : 0.0, kMaxWait, "wait");
        ++field;
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return wait;
}

void apply_flag(Options& options, char flag) {
    switch (flag) {
        case '4':
            set_family(options, AF_INET);
            break;
        case '6':
            set_family(options, AF_INET6);
            break;
        case 'h':
            options.help = true;
            break;
        case 'I':
            options.icmp = true;
            break;
        case 'n':
            options.numeric = true;
            break;
        case 'v':
            options.verbose = true;
            break;
    }
}

void apply_value(Options& options, char option, std::string_view value) {
    switch (option) {
        case 'f':
            options.first_ttl = np::parse_number<int>(value, 1, kMaxTtl, "first hop");
            break;
        case 'm':
            options.max_ttl = np::parse_number<int>(value, 1, kMaxTtl, "max hops");
            break;
        case 'N':
            options.in_flight = np::parse_number<int>(value, 1, 1000, "simultaneous probes");
            break;
        case 'p':
            options.port = np::parse_number<std::uint16_t>(value, 0, 65535, "port");
            break;
        case 'q':
            options.queries = np::parse_number<int>(value, 1, kMaxQueries, "probes per hop");
            break;
        case 'w':
            options.wait = parse_wait(value);
            break;
    }
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
    Options options;
    const std::vector<std::string> operands = np::read_command_line(
        args, {kFlags, kTakesValue}, [&](char option, std::string_view value) {
            if (kFlags.find(option) != std::string_view::npos) {
                apply_flag(options, option);
            } else {
                apply_value(options, option, value);
            }
        });
    if (options.help) return options;
    if (operands.empty()) throw np::UsageError("usage error: destination required");
    if (operands.size() > 2) {
        throw np::UsageError("usage error: unexpected operand '" + operands[2] + "'");
    }
    options.host = operands[0];
    if (operands.size() == 2) {
        options.packet_length =
            np::parse_number<std::size_t>(operands[1], 0, kMaxPacketLength, "packet length");
    }
    if (options.first_ttl > options.max_ttl) {
        throw np::UsageError("first hop out of range: -f " + std::to_string(options.first_ttl) +
                             " is beyond -m " + std::to_string(options.max_ttl));
    }
    // UDP probe n goes to port + n, n counted from hop 1: every one must be a real port
    // (ICMP sequence numbers just wrap around).
    const long first_port = options.port.value_or(kDefaultUdpBase);
    const long last_port = first_port + long{options.max_ttl} * options.queries - 1;
    if (!options.icmp && first_port == 0) throw np::UsageError("port out of range: 0 (1-65535)");
    if (!options.icmp && last_port > 65535) {
        throw np::UsageError("port out of range: the probes from -p " + std::to_string(first_port) +
                             " would need ports up to " + std::to_string(last_port));
    }
    return options;
}

std::string usage_text() {
    return "Usage: np-traceroute [options] <host> [<packet length>]\n"
           "\n"
           "Shows the routers on the path to <host>, hop by hop, like Debian's traceroute:\n"
           "probes go out with a growing TTL (IPv6: hop limit), and each router where one\n"
           "runs out answers with an ICMP error that names it.\n"
           "\n"
           "Options:\n"
           "  -4               use IPv4\n"
           "  -6               use IPv6\n"
           "  -I               ICMP echo probes instead of UDP\n"
           "  -n               print addresses only, no reverse lookups\n"
           "  -f <first_ttl>   start at this hop (default 1)\n"
           "  -m <max_ttl>     at most this many hops (default 30, at most 255)\n"
           "  -q <nqueries>    probes per hop (default 3, at most 10)\n"
           "  -N <squeries>    probes out at once (default 16)\n"
           "  -w <MAX,HERE,NEAR>\n"
           "                   give a probe up after MAX seconds, or after HERE times the\n"
           "                   round trip of an answered probe of the same hop, or NEAR\n"
           "                   times that of a later hop (default 5,3,10; -w MAX alone\n"
           "                   waits MAX)\n"
           "  -p <port>        UDP: the destination port of the first probe (default\n"
           "                   33434, one more per probe); ICMP: the first sequence number\n"
           "  -v               verbose: say on stderr what was received and ignored\n"
           "  -h, --help       print this help and exit\n"
           "\n"
           "<packet length> is the size of each probe, IP header included (default 60,\n"
           "80 for IPv6).\n"
           "\n"
           "Exit status: 0 when the trace ran (whether or not the host was reached), 1 when\n"
           "a system call failed, 2 for a bad command line or an unknown host.\n";
}

}  // namespace traceroute
