#pragma once
// The IPv4 header (RFC 791), built and read field by field:
//
//   0        4        8                16   19           31
//  +--------+--------+----------------+----+-------------+
//  |version |  IHL   |      TOS       |    total length  |
//  +--------+--------+----------------+----+-------------+
//  |        identification            |flags| frag offset|
//  +-----------------+----------------+----+-------------+
//  |       TTL       |    protocol    |  header checksum |
//  +-----------------+----------------+------------------+
//  |                 source address                      |
//  |              destination address                    |
//  |              options (IHL > 5) ...                  |
//
// IHL counts 4-byte words (5 without options); the fragment offset counts 8-byte units;
// the flags are DF (0x4000) and MF (0x2000). Pure functions over bytes: tested without a
// network or privileges.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace raw {

using Ipv4Address = std::array<std::byte, 4>;
using Ipv6Address = std::array<std::byte, 16>;

inline constexpr std::size_t kIpv4HeaderSize = 20;  // without options
inline constexpr std::size_t kIpv4MaxOptions = 40;  // IHL is at most 15 words

struct Ipv4Header {
    std::uint8_t tos = 0;
    std::uint16_t total_length = 0;  // header + payload, in bytes
    std::uint16_t identification = 0;
    bool dont_fragment = false;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  // in bytes (a multiple of 8), not in 8-byte units
    std::uint8_t ttl = 64;
    std::uint8_t protocol = 0;
    std::uint16_t checksum = 0;  // as read by decode; encode computes its own
    Ipv4Address source{};
    Ipv4Address destination{};
    std::vector<std::byte> options;  // a multiple of 4 bytes, at most 40

    // IHL * 4: 20 plus the options.
    std::size_t header_length() const noexcept { return kIpv4HeaderSize + options.size(); }
};

// The header's bytes, with IHL from the options and the header checksum computed over
// them. Throws std::invalid_argument for what no header can hold: options not a multiple
// of 4 or over 40 bytes, a fragment offset not a multiple of 8 or beyond 8191 units.
std::vector<std::byte> encode_ipv4_header(const Ipv4Header& header);

// Reads the header at the start of `datagram`. Throws np::ParseError unless the version
// is 4, IHL is at least 5, the IHL * 4 bytes are there, and the total length lies between
// IHL * 4 and the size of `datagram` (bytes after the total length are link padding).
// The checksum is read, not verified: the caller may check internet_checksum == 0.
Ipv4Header decode_ipv4_header(std::span<const std::byte> datagram);

// "192.0.2.1"
std::string to_string(const Ipv4Address& address);

}  // namespace raw
