#pragma once
// What np-rawrecv prints for each datagram it reads:
//   IPv4: "10.0.0.1 > 10.0.0.2: proto 253, ttl 64, id 4660, length 23"
//   IPv6: "fd00::1 > fd00::2: proto 253, hlim 64, length 3"
// An IPv4 raw socket delivers the whole datagram, so every field comes from its header and
// the length is the total length. An IPv6 raw socket delivers only the payload: the
// addresses come from recvmsg and IPV6_PKTINFO, the hop limit from IPV6_HOPLIMIT ancillary
// data, and the length is the payload's; IPv6 has no identification outside fragments.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace raw {

// The line for a datagram read from an IPv4 raw socket. Throws np::ParseError when the
// IPv4 header is malformed or truncated (see decode_ipv4_header).
std::string describe_ipv4(std::span<const std::byte> datagram);

// The line for a payload read from an IPv6 raw socket; hop_limit nullopt prints "hlim ?".
std::string describe_ipv6(const std::string& source, const std::string& destination,
                          std::uint8_t next_header, std::optional<int> hop_limit,
                          std::size_t length);

// A hex dump for -x: 16 bytes a line, "  0000:  45 00 00 1f ...", the offset in hex.
std::string hex_dump(std::span<const std::byte> bytes);

}  // namespace raw
