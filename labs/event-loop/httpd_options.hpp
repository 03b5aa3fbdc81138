#pragma once
// The command line of np-httpd.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace eventloop {

struct HttpdOptions {
    std::uint16_t port = 80;                         // -p
    std::string root;                                // -r, required
    int workers = 1;                                 // -w: worker processes
    bool reuse_port = false;                         // --reuseport: one listening socket per worker
    std::chrono::milliseconds idle_timeout{15'000};  // -t
    bool verbose = false;                            // -v
    bool help = false;
};

// Throws np::UsageError with a one-line message for anything wrong.
HttpdOptions parse_httpd_options(const std::vector<std::string>& args);
std::string httpd_usage();

}  // namespace eventloop
