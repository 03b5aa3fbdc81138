#pragma once
// np-tftpd: the second kind of concurrent UDP server. The well-known port only takes
// requests; each transfer is a conversation on a socket of its own, bound to a fresh
// ephemeral port (the server's TID), in a process of its own: the client learns that port
// from the first reply and talks to it from then on.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "np/address.hpp"
#include "served_directory.hpp"
#include "tftp_options.hpp"
#include "tftp_packet.hpp"

namespace tftp {

// tftpd-hpa's command line, the part we implement.
struct ServerOptions {
    bool standalone = false;                  // -L: listen in the foreground; else inetd gave fd 0
    std::string address = "";                 // -a [address][:port]
    bool allow_create = false;                // -c
    bool secure = false;                      // -s (we always confine to the directory)
    std::string directory;                    // the operand
    std::chrono::milliseconds timeout{1000};  // -T microseconds: before a retransmission
    int max_retries = 5;                      // retransmissions before a transfer is given up
    std::chrono::seconds idle{900};           // -t: in inetd mode, exit after this long idle
    int family = AF_UNSPEC;                   // -4 / -6
    bool verbose = false;                     // -v
    bool help = false;
};

ServerOptions parse_server_options(const std::vector<std::string>& args);
std::string server_usage();

// "[address][:port]" -> the address to bind (wildcard when empty; port 69 when absent).
// Throws np::UsageError for a malformed one.
np::SocketAddress parse_listen_address(const std::string& text, int family);

// What the server knows for a transfer.
struct ServerContext {
    const ServedDirectory& directory;
    TransferSettings defaults;  // block size 512, the -T timeout
    int max_retries;
    np::SocketAddress local;  // the address the request came to (to bind the TID socket)
};

// Runs the request loop on `listener` (bound). Forks one child per RRQ/WRQ, which calls
// serve_transfer and exits; anything else on the well-known port gets ERROR 4 (from
// next_request). With `idle` set, returns after that long without a request (inetd mode).
void serve_requests(int listener, const ServerContext& context,
                    std::optional<std::chrono::seconds> idle);

// A request as it came to the well-known port.
struct IncomingRequest {
    Request request;
    np::SocketAddress client;  // its address and port: the client's TID
};

// The next RRQ or WRQ on `listener` (given, in next_request.cpp). Anything else that
// arrives there is answered with ERROR 4 (an ERROR is not answered at all) and skipped.
// With `idle` set, returns nullopt after that long without a datagram.
std::optional<IncomingRequest> next_request(int listener, std::optional<std::chrono::seconds> idle);

// The whole of one transfer, in the child (given, in serve_transfer.cpp): a new socket on
// an ephemeral port, option negotiation, then send_blocks (RRQ) or receive_blocks (WRQ).
// Never throws: a failed transfer ends with an ERROR to the client (unless the client went
// quiet or sent one).
void serve_transfer(const Request& request, const np::SocketAddress& client,
                    const ServerContext& context);

}  // namespace tftp
