#pragma once
// Fragmenting an IPv4 datagram by hand. With IP_HDRINCL, Linux sends our header as it is
// and refuses (EMSGSIZE) a datagram longer than the route's MTU instead of fragmenting it,
// as BSD kernels would. So the sender cuts the payload itself:
//   - every fragment carries the same identification (the receiver reassembles by it),
//   - every fragment but the last has More-Fragments set,
//   - the offset counts 8-byte units, so every fragment but the last carries a multiple
//     of 8 payload bytes.

#include <cstddef>
#include <span>
#include <vector>

#include "ip_header.hpp"

namespace raw {

// Whole datagrams (header + piece of `payload`) of at most `mtu` bytes each, in order.
// `header` gives every field but total length, More-Fragments and offset, which are set
// per fragment; its options are copied into every fragment. A datagram that fits is
// returned alone, unchanged but for its total length. Throws std::length_error when it
// does not fit and `header.dont_fragment` is set, or when the datagram would exceed 65535
// bytes; std::invalid_argument when `mtu` leaves no room for 8 bytes of payload.
std::vector<std::vector<std::byte>> fragment_ipv4(const Ipv4Header& header,
                                                  std::span<const std::byte> payload,
                                                  std::size_t mtu);

}  // namespace raw
