// Ethernet II, 802.1Q tags and ARP: the link layer of a DLT_EN10MB capture.

#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "text.hpp"

namespace datalink {

namespace {

[[maybe_unused]] constexpr std::size_t kEthernetHeader = 14;
[[maybe_unused]] constexpr std::size_t kVlanTag = 4;

[[maybe_unused]] bool known_ethertype(std::uint16_t ethertype) {
    return ethertype == kEthertypeIpv4 || ethertype == kEthertypeIpv6 || ethertype == kEthertypeArp;
}

[[maybe_unused]] std::size_t less(std::size_t length, std::size_t header) {
    return length > header ? length - header : 0;
}

}  // namespace

void decode_ethernet(np::ByteReader frame, std::size_t wire_length, Decoding& out) {
    // TODO(student): the destination and source MACs, then the Ethertype (np::ByteReader,
    // big-endian); a frame shorter than that gets " [|ether]". With -e
    // (out.style.link_header) first "SRC > DST, ethertype IPv4 (0x0800), length N: " (see
    // text.hpp). While the type is 802.1Q (0x8100): a 2-byte TCI and the real Ethertype
    // (-e prints "vlan ID, p PRIO, ethertype …, "; cut short: " [|vlan]"), 4 bytes fewer on
    // the wire. Then decode_ethertype() with the rest of the frame and its wire length.
    // For a type we do not decode (known_ethertype), tcpdump prints the link header even
    // without -e, naming the innermost type: "SRC > DST, ethertype Unknown (0x88b5),
    // length N: ".
    (void)frame;
    (void)wire_length;
    (void)out;
}

void decode_arp(np::ByteReader message, std::size_t wire_length, Decoding& out) {
    // TODO(student): hardware type, protocol type, the two address lengths, the operation,
    // then sender MAC and IP, target MAC and IP; any of it missing: " [|arp]" and nothing
    // else. Then "ARP, " (not with -e) and "Request who-has TPA tell SPA" (with " (THA)"
    // after TPA when the target MAC is not all zeros) or "Reply SPA is-at SHA", and
    // ", length " the wire length. Another operation: "Unknown (OP) " and no length.
    (void)message;
    (void)wire_length;
    (void)out;
}

}  // namespace datalink
