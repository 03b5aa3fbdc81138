#pragma once
// The command line of np-traceroute: the options of Debian's traceroute (Butskoy 2.1)
// that this lab implements.

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace traceroute {

// -w MAX[,HERE[,NEAR]], as Debian's traceroute reads it. A probe is given up after MAX
// seconds; sooner when a probe of the same hop was answered (HERE times its round trip) or
// a probe of a later hop was (NEAR times that round trip). 0 turns a factor off. Giving
// only MAX turns both factors off.
struct WaitSpec {
    double max_seconds = 5.0;
    double here = 3.0;
    double near = 10.0;
};

struct Options {
    std::string host;                          // the destination, as typed
    int family = AF_UNSPEC;                    // -4: AF_INET, -6: AF_INET6
    bool icmp = false;                         // -I: ICMP echo probes instead of UDP
    bool numeric = false;                      // -n: no reverse lookups
    int first_ttl = 1;                         // -f
    int max_ttl = 30;                          // -m
    int queries = 3;                           // -q: probes per hop, 1-10
    int in_flight = 16;                        // -N: probes out at once
    WaitSpec wait;                             // -w
    std::optional<std::uint16_t> port;         // -p: UDP port base / first ICMP sequence
    std::optional<std::size_t> packet_length;  // the second operand: bytes, IP header included
    bool verbose = false;                      // -v: say on stderr what was ignored
    bool help = false;                         // -h, --help
};

// Parses the arguments after the program name, getopt-style ("-q 1", "-q1", "-nI",
// options before or after the operands, "--"). Throws np::UsageError with a one-line
// message for anything wrong.
Options parse_options(const std::vector<std::string>& args);

// The text of --help.
std::string usage_text();

}  // namespace traceroute
