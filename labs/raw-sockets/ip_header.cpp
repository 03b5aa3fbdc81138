#include "ip_header.hpp"

#include <algorithm>
#include <stdexcept>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"

namespace raw {

// Milestone 1: the IPv4 header. See README.md.
//
// Use np::ByteWriter to build and np::ByteReader to parse: big-endian and bounds-checked
// (a read past the end throws np::ParseError). Never cast a buffer to a struct.

std::vector<std::byte> encode_ipv4_header([[maybe_unused]] const Ipv4Header& header) {
    // TODO(student): version 4 and IHL (header_length() / 4) in the first byte, TOS, total
    // length, identification, then DF (0x4000) | MF (0x2000) | offset / 8, TTL, protocol,
    // checksum 0, source, destination, options. Patch in np::internet_checksum of the
    // header at offset 10. std::invalid_argument for options not a multiple of 4 or over
    // 40 bytes, or an offset not a multiple of 8 or over 8191 * 8.
    return {};
}

Ipv4Header decode_ipv4_header([[maybe_unused]] std::span<const std::byte> datagram) {
    // TODO(student): the inverse of encode (offset back in bytes, options kept). Throw
    // np::ParseError unless version == 4, IHL >= 5, IHL * 4 <= datagram.size() and
    // IHL * 4 <= total length <= datagram.size().
    return {};
}

}  // namespace raw
