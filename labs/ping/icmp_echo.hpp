#pragma once
// ICMP echo messages for IPv4 (RFC 792) and IPv6 (RFC 4443): building the request we
// send and making sense of whatever the socket hands back. Pure functions over bytes, so
// they are tested without a network or privileges.
//
// Every echo message starts with the same 8 bytes:
//   type (8) | code (8) | checksum (16) | identifier (16) | sequence number (16)
// followed by data that the peer copies unchanged into its reply. We put the send time
// in the first 16 bytes of that data, so a reply tells us its own round-trip time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "np/address.hpp"

namespace ping {

inline constexpr std::size_t kIcmpHeaderSize = 8;
// The send time at the start of the payload: seconds, then microseconds, each a 64-bit
// big-endian number (the layout of a struct timeval, in network byte order).
inline constexpr std::size_t kTimestampSize = 16;

// The echo data of `size` bytes: the send time `sent_at` (wall clock, microseconds since
// the epoch) in the first 16 bytes if they fit, and after it the bytes 0x10, 0x11, ...
// (byte i holds i modulo 256, as iputils fills it). Below 16 bytes there is no timestamp.
std::vector<std::byte> make_payload(std::size_t size, std::chrono::microseconds sent_at);

// The send time written by make_payload, or nullopt if `payload` is shorter than 16 bytes.
std::optional<std::chrono::microseconds> read_timestamp(std::span<const std::byte> payload);

// A complete echo request: the 8-byte header then `payload`. For AF_INET the checksum
// is computed over the whole message; for AF_INET6 it is left 0, because the ICMPv6
// checksum covers a pseudo-header with the source address, and the kernel fills it in.
std::vector<std::byte> build_echo_request(int family, std::uint16_t identifier,
                                          std::uint16_t sequence,
                                          std::span<const std::byte> payload);

// What a socket delivers, which depends on the socket:
enum class Framing {
    kIpv4WithHeader,  // raw IPv4 socket: the whole IP datagram, IP header first
    kIpv4Bare,        // IPv4 datagram ("ping") socket: the ICMP message alone
    kIpv6,            // any ICMPv6 socket: the ICMPv6 message alone
};

// An echo reply, for anyone: matching it to our probes is the caller's job.
struct EchoReply {
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    std::optional<int> ttl;       // from the IP header; not known without one
    std::size_t icmp_length = 0;  // header + data: the "64 bytes" ping prints
    std::vector<std::byte> payload;
};

// An ICMP error (unreachable, time exceeded, ...) that quotes an echo request.
struct IcmpError {
    int family = AF_INET;
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t mtu = 0;                 // for "fragmentation needed" / "packet too big", else 0
    std::uint32_t pointer = 0;             // for "parameter problem": the offending byte, else 0
    np::SocketAddress quoted_destination;  // where the quoted request was going
    std::uint16_t quoted_identifier = 0;
    std::uint16_t quoted_sequence = 0;
};

// Anything else: too short, malformed, not ICMP, another type. `reason` says which.
struct Ignored {
    std::string reason;
};

using Incoming = std::variant<EchoReply, IcmpError, Ignored>;

// Makes sense of one datagram as the socket delivered it. Never reads past `datagram`:
// anything truncated or inconsistent (an IP header length below 20 bytes or beyond the
// data, an ICMP message shorter than 8 bytes, an IPv4 checksum that does not verify)
// comes back as Ignored.
Incoming parse_icmp(Framing framing, std::span<const std::byte> datagram);

}  // namespace ping
