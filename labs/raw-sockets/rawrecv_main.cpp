// np-rawrecv: prints the datagrams of one protocol that a raw socket receives.

#include <netinet/in.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "np/address.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "options.hpp"
#include "raw_socket.hpp"
#include "report.hpp"

namespace {

void print(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);  // one line at a time, also when stdout is a file
}

// The line for one datagram, or nullopt (with a warning) for one that makes no sense.
std::optional<std::string> describe(const raw::RecvOptions& options,
                                    const raw::Received& received) {
    try {
        if (options.family == AF_INET) return raw::describe_ipv4(received.bytes);
        return raw::describe_ipv6(received.source.host(),
                                  received.destination ? received.destination->host() : "?",
                                  options.protocol, received.hop_limit, received.bytes.size());
    } catch (const np::ParseError& e) {
        np::warn(std::string("ignored a malformed datagram: ") + e.what());
        return std::nullopt;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-rawrecv");
    raw::RecvOptions options;
    try {
        options = raw::parse_recv_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(raw::recv_usage().c_str(), stdout);
            return 0;
        }
        const np::SocketAddress local = options.local.empty()
                                            ? np::SocketAddress()
                                            : raw::resolve_host(options.local, options.family);
        const np::SocketAddress remote = options.remote.empty()
                                             ? np::SocketAddress()
                                             : raw::resolve_host(options.remote, options.family);
        np::Fd socket = raw::open_raw_socket(options.family, options.protocol);
        np::drop_privileges();
        // Raw sockets have no ports: bind and connect only filter on the addresses.
        if (!options.local.empty()) {
            np::check(::bind(socket.get(), local.data(), local.size()), "bind");
        }
        if (!options.remote.empty()) {
            np::check(::connect(socket.get(), remote.data(), remote.size()), "connect");
        }
        if (options.family == AF_INET6) raw::request_ipv6_ancillary(socket);

        for (std::int64_t seen = 0; !options.count || seen < *options.count;) {
            const raw::Received received = raw::receive_datagram(socket);
            const auto line = describe(options, received);
            if (!line) continue;
            print(*line + "\n");
            if (options.hex) print(raw::hex_dump(received.bytes));
            ++seen;
        }
        return 0;
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
    }
    return 1;
}
