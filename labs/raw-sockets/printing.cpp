// Addresses and bytes as text, for np-rawrecv's lines and np-rawsend's messages.

#include <arpa/inet.h>

#include <cstdio>

#include "ip_header.hpp"
#include "report.hpp"

namespace raw {

std::string to_string(const Ipv4Address& address) {
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, address.data(), text, sizeof(text));
    return text;
}

std::string hex_dump(std::span<const std::byte> bytes) {
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        char piece[32];
        if (i % 16 == 0) {
            std::snprintf(piece, sizeof(piece), "%s  %04zx: ", i ? "\n" : "", i);
            text += piece;
        }
        std::snprintf(piece, sizeof(piece), " %02x", std::to_integer<unsigned>(bytes[i]));
        text += piece;
    }
    if (!bytes.empty()) text += "\n";
    return text;
}

}  // namespace raw
