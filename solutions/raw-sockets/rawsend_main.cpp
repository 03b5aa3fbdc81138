// np-rawsend: sends one datagram built by hand, with an IPv4 header of its own.

#include <netinet/in.h>
#include <sys/random.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "fragment.hpp"
#include "ip_header.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "options.hpp"
#include "raw_socket.hpp"
#include "transport.hpp"

namespace {

// A fragmented datagram needs one identification on all its fragments. The kernel fills a
// zero identification in per packet (each fragment would get its own), so choose one here.
std::uint16_t random_identification() {
    std::uint16_t id = 0;
    while (id == 0) {
        if (::getrandom(&id, sizeof(id), 0) != sizeof(id)) np::throw_errno("getrandom");
    }
    return id;
}

void send_ipv4(const raw::SendOptions& options, const np::SocketAddress& destination) {
    np::Fd socket = raw::open_raw_socket(AF_INET, IPPROTO_RAW);
    raw::set_header_included(socket);
    np::drop_privileges();

    // The UDP checksum covers the source address, so we need it even when the kernel
    // would fill it in; and the MTU tells us whether to fragment.
    const raw::Route route = raw::route_to(destination);
    np::SocketAddress source = route.source;
    if (!options.source.empty()) source = raw::resolve_host(options.source, AF_INET);

    raw::Ipv4Header header;
    header.ttl = static_cast<std::uint8_t>(options.ttl.value_or(64));
    header.identification = options.identification;
    header.dont_fragment = options.dont_fragment;
    header.protocol = options.protocol;
    header.source = raw::ipv4_bytes(source);
    header.destination = raw::ipv4_bytes(destination);

    std::vector<std::byte> payload = options.payload;
    if (options.source_port) {
        payload = raw::build_udp_ipv4(header.source, header.destination, *options.source_port,
                                      options.destination_port, options.payload);
    }
    if (header.identification == 0 && header.header_length() + payload.size() > route.mtu &&
        !header.dont_fragment) {
        header.identification = random_identification();
    }
    for (const auto& datagram : raw::fragment_ipv4(header, payload, route.mtu)) {
        raw::send_datagram(socket, datagram, destination);
    }
}

void send_ipv6(const raw::SendOptions& options, const np::SocketAddress& destination) {
    np::Fd socket = raw::open_raw_socket(AF_INET6, options.protocol);
    np::drop_privileges();
    if (!options.source.empty()) {
        np::SocketAddress source = raw::resolve_host(options.source, AF_INET6);
        np::check(::bind(socket.get(), source.data(), source.size()), "bind");
    }
    std::vector<std::byte> payload = options.payload;
    if (options.source_port) {
        // No header of ours: the kernel computes the checksum over its pseudo-header and
        // stores it at offset 6 of what we give it.
        raw::set_ipv6_checksum_offset(socket, 6);
        payload = raw::build_udp(*options.source_port, options.destination_port, payload);
    }
    raw::send_datagram(socket, payload, destination, options.ttl);
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-rawsend");
    raw::SendOptions options;
    try {
        options = raw::parse_send_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(raw::send_usage().c_str(), stdout);
            return 0;
        }
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 2;
    }
    try {
        const np::SocketAddress destination =
            raw::resolve_host(options.destination, options.family);
        if (options.family == AF_INET) {
            send_ipv4(options, destination);
        } else {
            send_ipv6(options, destination);
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
