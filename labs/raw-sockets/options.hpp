#pragma once
// The command lines of np-rawsend and np-rawrecv.

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace raw {

// np-rawsend [-6] (-u SPORT:DPORT | -P PROTO) [-S SRC] [-t TTL] [-i ID] [-D]
//            (-m TEXT | -l LENGTH) DEST
struct SendOptions {
    int family = AF_INET;                      // -6: AF_INET6
    std::optional<std::uint16_t> source_port;  // -u: UDP with these ports
    std::uint16_t destination_port = 0;
    std::uint8_t protocol = 0;         // -P, or 17 with -u
    std::string source;                // -S: empty for the route's source address
    std::optional<int> ttl;            // -t: TTL / hop limit (default 64 / the system's)
    std::uint16_t identification = 0;  // -i: 0 lets the kernel choose
    bool dont_fragment = false;        // -D
    std::vector<std::byte> payload;    // -m TEXT, or -l LENGTH bytes "abc...z" repeated
    std::string destination;
    bool help = false;
};

// np-rawrecv [-6] [-b LOCAL] [-c REMOTE] [-x] [-n COUNT] PROTO
struct RecvOptions {
    int family = AF_INET;
    std::string local;                  // -b
    std::string remote;                 // -c
    bool hex = false;                   // -x
    std::optional<std::int64_t> count;  // -n
    std::uint8_t protocol = 0;
    bool help = false;
};

// Both parse getopt-style ("-t 5", "-t5", "-6D", "--" ends options) and throw
// np::UsageError with a one-line message for anything wrong.
SendOptions parse_send_options(const std::vector<std::string>& args);
RecvOptions parse_recv_options(const std::vector<std::string>& args);

std::string send_usage();
std::string recv_usage();

}  // namespace raw
