#include "options.hpp"

#include <cmath>
#include <string_view>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace ping {

namespace {

constexpr std::string_view kTakesValue = "ciIstWw";
constexpr std::string_view kFlags = "46hnqv";
// iputils keeps times in milliseconds in an int; so do our limits.
constexpr double kMaxSeconds = 2147483.0;
// The largest data that fits one IPv4 datagram: 65535 - 20 (IP) - 8 (ICMP).
constexpr std::size_t kMaxSize = 65507;

std::chrono::microseconds seconds_option(std::string_view text, double min, std::string_view what) {
    const double seconds = np::parse_decimal(text, min, kMaxSeconds, what);
    return std::chrono::microseconds(std::llround(seconds * 1e6));
}

void set_family(Options& options, int family) {
    if (options.family != AF_UNSPEC && options.family != family) {
        throw np::UsageError("only one of -4 and -6 may be given");
    }
    options.family = family;
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
        case 'n':
            options.numeric = true;
            break;
        case 'q':
            options.quiet = true;
            break;
        case 'v':
            options.verbose = true;
            break;
    }
}

void apply_value(Options& options, char option, std::string_view value) {
    switch (option) {
        case 'c':
            options.count = np::parse_at_least<std::int64_t>(value, 1, "count");
            break;
        case 'i':
            // iputils' floor for users; lower would be a flood.
            options.interval = seconds_option(value, 0.002, "interval");
            break;
        case 'I':
            if (value.empty()) throw np::UsageError("invalid interface: ''");
            options.interface = value;
            break;
        case 's':
            options.size = np::parse_number<std::size_t>(value, 0, kMaxSize, "packet size");
            break;
        case 't':
            options.ttl = np::parse_number<int>(value, 1, 255, "ttl");
            break;
        case 'W':
            options.timeout = seconds_option(value, 0.001, "timeout");
            break;
        case 'w':
            options.deadline = seconds_option(value, 0.001, "deadline");
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
    if (operands.empty()) throw np::UsageError("usage error: Destination address required");
    if (operands.size() > 1) {
        throw np::UsageError("usage error: one destination only, got '" + operands[0] + "' and '" +
                             operands[1] + "'");
    }
    options.host = operands[0];
    return options;
}

std::string usage_text() {
    return "Usage: np-ping [options] <destination>\n"
           "\n"
           "Sends ICMP echo requests to <destination> (a name or an address) and reports\n"
           "the replies, like iputils ping.\n"
           "\n"
           "Options:\n"
           "  -4             use IPv4\n"
           "  -6             use IPv6\n"
           "  -c <count>     stop after <count> probes\n"
           "  -i <interval>  seconds between probes (default 1, at least 0.002)\n"
           "  -I <iface>     send from this interface name or source address\n"
           "  -n             print addresses only, no reverse lookups\n"
           "  -q             quiet: only the header and the summary\n"
           "  -s <size>      data bytes per probe (default 56, at most 65507)\n"
           "  -t <ttl>       time to live / hop limit of the probes (1-255)\n"
           "  -v             verbose: also report what was received and ignored\n"
           "  -W <timeout>   seconds to wait for a reply when none came (default 10)\n"
           "  -w <deadline>  stop after <deadline> seconds, whatever happened\n"
           "  -h, --help     print this help and exit\n"
           "\n"
           "Exit status: 0 if a reply came, 1 if none did, 2 on an error.\n";
}

}  // namespace ping
