#pragma once
// The command lines of np-icmpd and np-udpcli.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace icmpd {

// Where np-icmpd listens unless told otherwise (-s).
inline constexpr const char* kDefaultSocketPath = "/run/np-icmpd.sock";

struct DaemonOptions {
    std::string socket_path = kDefaultSocketPath;  // -s
    bool foreground = false;                       // -n: no daemon, messages on stderr
    bool verbose = false;                          // -v: say what is registered and ignored
    bool help = false;
};

// "np-icmpd [-n] [-v] [-s SOCKET]"; throws np::UsageError.
DaemonOptions parse_daemon_options(const std::vector<std::string>& args);
std::string daemon_usage_text();

// A destination as typed: "10.0.0.2:9", "h2:9", "[fd00::2]:9".
struct Destination {
    std::string host;
    std::uint16_t port = 0;
};

// Splits "HOST:PORT" and "[IPV6]:PORT"; throws np::UsageError for anything else (no port,
// a port out of 1-65535, an IPv6 address without brackets, empty host).
Destination parse_destination(const std::string& text);

struct ClientOptions {
    std::string socket_path = kDefaultSocketPath;  // -s
    std::optional<int> ttl;                        // -t: TTL / hop limit
    bool dont_fragment = false;                    // -D
    std::size_t length = 32;                       // -l: payload bytes
    std::chrono::milliseconds wait{2000};          // -w: how long to wait for errors
    std::uint16_t local_port = 0;                  // -p: bind here (0: any)
    bool recverr = false;                          // --recverr: no daemon, IP_RECVERR
    bool help = false;
    std::vector<Destination> destinations;
};

// "np-udpcli [-s SOCKET] [-t ttl] [-D] [-l length] [-w seconds] [-p port] [--recverr]
// DEST:PORT..."; throws np::UsageError.
ClientOptions parse_client_options(const std::vector<std::string>& args);
std::string client_usage_text();

}  // namespace icmpd
