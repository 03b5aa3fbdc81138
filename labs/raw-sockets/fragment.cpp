#include "fragment.hpp"

#include <algorithm>
#include <stdexcept>

namespace raw {

// Milestone 3: fragmenting by hand. See README.md.

std::vector<std::vector<std::byte>> fragment_ipv4(
    [[maybe_unused]] const Ipv4Header& header, [[maybe_unused]] std::span<const std::byte> payload,
    [[maybe_unused]] std::size_t mtu) {
    // TODO(student): if header + payload fits in mtu, one datagram (total length set).
    // Else refuse when DF is set (std::length_error), and cut the payload into pieces of
    // (mtu - header length) rounded down to a multiple of 8; each piece gets a copy of the
    // header with its total length, its offset and MF on all but the last, encoded with
    // encode_ipv4_header. std::length_error beyond 65535 bytes in all;
    // std::invalid_argument when mtu leaves less than 8 bytes for a piece.
    return {};
}

}  // namespace raw
