#pragma once
// The command line of np-ping: iputils ping's options that this lab implements.

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ping {

struct Options {
    std::string host;                                   // the destination, as typed
    int family = AF_UNSPEC;                             // -4: AF_INET, -6: AF_INET6
    std::optional<std::int64_t> count;                  // -c: probes to send
    std::chrono::microseconds interval{1'000'000};      // -i: between probes
    std::size_t size = 56;                              // -s: data bytes per probe
    std::optional<int> ttl;                             // -t: TTL / hop limit
    std::chrono::microseconds timeout{10'000'000};      // -W: wait when nothing came back
    std::optional<std::chrono::microseconds> deadline;  // -w: stop after this long
    bool quiet = false;                                 // -q
    bool verbose = false;                               // -v
    bool numeric = false;                               // -n
    std::string interface;                              // -I: device name or address
    bool help = false;                                  // -h, --help
};

// Parses the arguments after the program name, getopt-style: "-c 3", "-c3", "-qn",
// options before or after the host, "--" to end them. Throws np::UsageError with a
// one-line message ("invalid count: 'abc'") for anything wrong.
Options parse_options(const std::vector<std::string>& args);

// The text of --help.
std::string usage_text();

}  // namespace ping
