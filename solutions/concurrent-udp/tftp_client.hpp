#pragma once
// np-tftp: a TFTP client for one transfer, get or put, from the command line.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tftp {

struct ClientOptions {
    std::string mode = "octet";               // -m octet|netascii
    std::optional<std::size_t> block_size;    // -b: ask for blksize (and tsize)
    std::uint16_t port = 69;                  // -p
    std::chrono::milliseconds timeout{1000};  // -t seconds: before a retransmission
    int max_retries = 10;  // retransmissions before giving up (tftp-hpa waits 25 s)
    int family = 0;        // -4 / -6 (AF_INET / AF_INET6), 0 for either
    bool verbose = false;
    bool help = false;
    std::string host;
    bool put = false;  // else get
    std::string remote;
    std::string local;
};

// `np-tftp [-m mode] [-b blksize] [-p port] HOST get REMOTE [LOCAL]` or `... put LOCAL [REMOTE]`.
// LOCAL defaults to REMOTE's last component, REMOTE to LOCAL's.
ClientOptions parse_client_options(const std::vector<std::string>& args);
std::string client_usage();

// Runs the transfer. Returns 0 when the whole file went across; prints a one-line error
// and returns 1 otherwise (for get, LOCAL is then left as it was).
int run_client(const ClientOptions& options);

}  // namespace tftp
