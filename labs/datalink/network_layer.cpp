// IPv4 and IPv6: addresses, lengths, and the payload for the transport decoder that comes
// next (decode_transport, in next_layer.cpp, picks it by the protocol number).

#include <algorithm>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "text.hpp"

namespace datalink {

namespace {

[[maybe_unused]] constexpr std::size_t kIpv4Header = 20;
[[maybe_unused]] constexpr std::size_t kIpv6Header = 40;
[[maybe_unused]] constexpr std::uint16_t kOffsetMask = 0x1fff;

// IPv6 extension headers that share the (next header, length in 8-byte units) layout.
[[maybe_unused]] constexpr std::uint8_t kHopByHop = 0;
[[maybe_unused]] constexpr std::uint8_t kRouting = 43;
[[maybe_unused]] constexpr std::uint8_t kDestinationOptions = 60;

}  // namespace

void decode_ipv4(np::ByteReader datagram, std::size_t wire_length, Decoding& out) {
    // TODO(student): read the version/IHL byte (missing: " [|ip]"). A version other than 4:
    // "IPV (invalid)" ("IP6, wrong link-layer encapsulation (invalid)" for 6) and stop.
    // Then "IP " unless -e, then the other 19 bytes of the fixed header (missing:
    // " [|ip]"). Check in this order, as tcpdump does: IHL * 4 < 20 -> "bad-hlen N"; skip
    // the options; total length beyond wire_length -> "truncated-ip - N bytes missing! "
    // (and go on); total length < IHL * 4 -> "bad-len N". The payload is total length -
    // IHL * 4 long: give the transport layer a reader over at most that much of what was
    // captured (np::ByteReader::sub), and that length. MF set or an offset: fragmented
    // (UDP's length may exceed this piece). A later fragment (offset != 0):
    // "SRC > DST: ip-proto-P". Otherwise "SRC > DST: " before anything but TCP and UDP
    // (they print their own addresses, with ports), then decode_transport() with an
    // IpEndpoints filled in.
    (void)datagram;
    (void)wire_length;
    (void)out;
}

void decode_ipv6(np::ByteReader datagram, std::size_t wire_length, Decoding& out) {
    // TODO(student): the 40-byte fixed header, all of it before printing anything (missing:
    // " [|ip6]"); then "IP6 " unless -e. A payload length beyond wire_length - 40:
    // "truncated-ip6 - N bytes missing!" (no space after '!'). "SRC > DST: " unless the
    // next header is TCP or UDP. Skip hop-by-hop (0, printing "HBH "), routing (43) and
    // destination-options (60) headers: next header, length in 8-byte units not counting
    // the first 8 (cut short: " [|hbhopt]", " [|srcrt]", " [|dstopt]"). Then
    // decode_transport() with what is left of the payload length. A fragment header (44):
    // "frag (OFFSET|LENGTH)" (LENGTH: what follows it), and stop unless the offset is 0.
    // Mark the IpEndpoints: fragmented (MF set), addresses_printed (printed them above).
    (void)datagram;
    (void)wire_length;
    (void)out;
}

}  // namespace datalink
