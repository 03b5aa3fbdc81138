#include "text.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>

#include "decode.hpp"

namespace datalink {

std::string ipv4_text(std::span<const std::byte> address) {
    char text[INET_ADDRSTRLEN];
    return ::inet_ntop(AF_INET, address.data(), text, sizeof text) ? text : "?";
}

std::string ipv6_text(std::span<const std::byte> address) {
    char text[INET6_ADDRSTRLEN];
    return ::inet_ntop(AF_INET6, address.data(), text, sizeof text) ? text : "?";
}

std::string mac_text(std::span<const std::byte> address) {
    std::string text;
    for (std::size_t i = 0; i < address.size(); ++i) {
        char part[4];
        std::snprintf(part, sizeof part, i == 0 ? "%02x" : ":%02x",
                      std::to_integer<unsigned>(address[i]));
        text += part;
    }
    return text;
}

std::string hex16(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", value);
    return text;
}

std::string ethertype_name(std::uint16_t ethertype) {
    switch (ethertype) {
        case kEthertypeIpv4:
            return "IPv4";
        case kEthertypeArp:
            return "ARP";
        case kEthertypeIpv6:
            return "IPv6";
        case kEthertypeVlan:
            return "802.1Q";
        default:
            return "Unknown";
    }
}

}  // namespace datalink
