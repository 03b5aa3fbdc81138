#pragma once
// The lines np-ping prints, character for character as iputils ping prints them, so a
// test (or a person) can read both tools' output with the same pattern.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "icmp_echo.hpp"
#include "np/address.hpp"

namespace ping {

// With -I: the source address the probes leave from and the device, if one was named.
struct Source {
    std::string address;
    std::string device;
};

// "PING host (addr) 56(84) bytes of data." for IPv4 (84: with the 20-byte IP and 8-byte
// ICMP headers); "PING host(addr) 56 data bytes" for IPv6. With -I, "from SRC DEV: "
// comes before the sizes.
std::string header_line(std::string_view host, const np::SocketAddress& target, std::size_t size,
                        const std::optional<Source>& source);

// How a peer appears in a line: "10.0.0.2" with `numeric`, else "name (10.0.0.2)" when
// the address has a name and just "10.0.0.2" when it has none.
std::string peer_name(const np::SocketAddress& peer, bool numeric);

struct ReplyLine {
    std::size_t bytes = 0;  // the ICMP length
    std::string from;
    std::uint16_t sequence = 0;
    std::optional<int> ttl;
    std::optional<std::chrono::microseconds> rtt;
    bool duplicate = false;
    bool truncated = false;  // shorter than what we sent: iputils stops the line there
};

// "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.287 ms[ (DUP!)]".
std::string reply_line(const ReplyLine& reply);

// "From 10.0.1.1 icmp_seq=1 Time to live exceeded".
std::string error_line(std::string_view from, std::uint16_t sequence, std::string_view what);

// iputils' words for an ICMP error: "Destination Host Unreachable",
// "Frag needed and DF set (mtu = 1400)", "Time exceeded: Hop limit", ...
std::string describe_error(const IcmpError& error);

// Writes `line` and a newline to stdout and flushes, so a pipe sees each line at once.
void print_line(std::string_view line);

}  // namespace ping
