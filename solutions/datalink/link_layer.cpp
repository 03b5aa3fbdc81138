// Ethernet II, 802.1Q tags and ARP: the link layer of a DLT_EN10MB capture.

#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "text.hpp"

namespace datalink {

namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;

bool known_ethertype(std::uint16_t ethertype) {
    return ethertype == kEthertypeIpv4 || ethertype == kEthertypeIpv6 || ethertype == kEthertypeArp;
}

std::size_t less(std::size_t length, std::size_t header) {
    return length > header ? length - header : 0;
}

}  // namespace

void decode_ethernet(np::ByteReader frame, std::size_t wire_length, Decoding& out) {
    std::string addresses;
    std::uint16_t ethertype = 0;
    try {
        const auto destination = frame.bytes(6);
        const auto source = frame.bytes(6);
        ethertype = frame.u16();
        addresses = mac_text(source) + " > " + mac_text(destination) + ", ";
    } catch (const np::ParseError&) {
        out.line += " [|ether]";
        return;
    }
    const std::string type_and_length = "ethertype " + ethertype_name(ethertype) + " (" +
                                        hex16(ethertype) + "), length " +
                                        std::to_string(wire_length) + ": ";
    if (out.style.link_header) out.line += addresses + type_and_length;
    std::size_t length = less(wire_length, kEthernetHeader);

    // 802.1Q: a 4-byte tag (priority, DEI, VLAN id) between the addresses and the type.
    while (ethertype == kEthertypeVlan) {
        std::uint16_t tci = 0;
        try {
            tci = frame.u16();
            ethertype = frame.u16();
        } catch (const np::ParseError&) {
            out.line += " [|vlan]";
            return;
        }
        length = less(length, kVlanTag);
        if (out.style.link_header) {
            out.line += "vlan " + std::to_string(tci & 0x0fff) + ", p " +
                        std::to_string(tci >> 13) + ((tci & 0x1000) ? ", DEI" : "") +
                        ", ethertype " + ethertype_name(ethertype) + " (" + hex16(ethertype) +
                        "), ";
        }
    }
    if (!known_ethertype(ethertype)) {
        // tcpdump shows the link header of a frame it cannot decode, -e or not.
        if (!out.style.link_header) {
            out.line += addresses + "ethertype " + ethertype_name(ethertype) + " (" +
                        hex16(ethertype) + "), length " + std::to_string(wire_length) + ": ";
        }
        return;
    }
    decode_ethertype(ethertype, frame, length, out);
}

void decode_arp(np::ByteReader message, std::size_t wire_length, Decoding& out) {
    constexpr std::uint16_t kRequest = 1;
    constexpr std::uint16_t kReply = 2;
    std::string text;
    try {
        message.u16();  // hardware type: 1 for Ethernet
        const std::uint16_t protocol = message.u16();
        const std::uint8_t hardware_length = message.u8();
        const std::uint8_t protocol_length = message.u8();
        const std::uint16_t operation = message.u16();
        const auto sender_mac = message.bytes(hardware_length);
        const auto sender_ip = message.bytes(protocol_length);
        const auto target_mac = message.bytes(hardware_length);
        const auto target_ip = message.bytes(protocol_length);
        auto protocol_address = [&](std::span<const std::byte> address) {
            return protocol == kEthertypeIpv4 && address.size() == 4 ? ipv4_text(address)
                                                                     : mac_text(address);
        };
        bool target_known = false;
        for (std::byte b : target_mac) target_known = target_known || b != std::byte{0};
        if (operation == kRequest) {
            text = "Request who-has " + protocol_address(target_ip) +
                   (target_known ? " (" + mac_text(target_mac) + ")" : "") + " tell " +
                   protocol_address(sender_ip);
        } else if (operation == kReply) {
            text = "Reply " + protocol_address(sender_ip) + " is-at " + mac_text(sender_mac);
        } else {
            // tcpdump ends the line there, without a length.
            if (!out.style.link_header) out.line += "ARP, ";
            out.line += "Unknown (" + std::to_string(operation) + ") ";
            return;
        }
    } catch (const np::ParseError&) {
        out.line += " [|arp]";
        return;
    }
    if (!out.style.link_header) out.line += "ARP, ";
    out.line += text + ", length " + std::to_string(wire_length);
}

}  // namespace datalink
