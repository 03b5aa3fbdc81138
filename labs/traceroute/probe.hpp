#pragma once
// The probes np-traceroute sends, and the names that let a reply find its probe again.
//
// Probes are numbered from 0 in the order of their TTL: probe i goes out with TTL
// i / queries + 1 (with -f, the numbers of the skipped hops are never used, as in Debian's
// traceroute). A probe cannot carry its number in its payload, because an ICMP error
// quotes only the first 8 bytes after the IP header. So the number goes where the quote
// shows it:
//   UDP probes:  the destination port, base + i (base 33434 unless -p);
//   ICMP probes: the echo sequence number, base + i (base 1 unless -p), next to our
//                identifier.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace traceroute {

enum class Method { kUdp, kIcmp };

inline constexpr std::uint16_t kDefaultUdpBase = 33434;
inline constexpr std::uint16_t kDefaultIcmpBase = 1;

// The IP header and the UDP or ICMP header in front of a probe's data: 28 bytes on IPv4,
// 48 on IPv6 (both transport headers are 8 bytes).
std::size_t header_size(int family);
// The packet length traceroute announces by default: 60 on IPv4, 80 on IPv6 (32 data bytes).
std::size_t default_packet_length(int family);
// Data bytes in a probe of `packet_length` bytes; a length below the headers means none.
std::size_t data_size(int family, std::size_t packet_length);

// How the probes of one trace are named.
struct ProbeNaming {
    std::uint16_t base = kDefaultUdpBase;
    std::size_t count = 0;  // probes that exist: numbers 0 .. count-1

    // The port (UDP) or sequence (ICMP) of probe `index`, modulo 2^16.
    std::uint16_t name_of(std::size_t index) const;
    // The probe a port or sequence names, or nullopt if it names none of ours.
    std::optional<std::size_t> index_of(std::uint16_t name) const;
};

// The data of a probe: `size` bytes, 0x40, 0x41, ... (the value matters to nobody).
std::vector<std::byte> probe_data(std::size_t size);

// An ICMP echo request: type np::icmp::kEchoRequest (IPv6: np::icmp6::kEchoRequest), code 0,
// identifier, sequence, then `data`. The IPv4 checksum is filled in; the ICMPv6 one is left 0 for
// the kernel, which knows the addresses its pseudo-header covers.
std::vector<std::byte> build_echo_request(int family, std::uint16_t identifier,
                                          std::uint16_t sequence, std::span<const std::byte> data);

}  // namespace traceroute
