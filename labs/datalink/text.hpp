#pragma once
// How addresses and numbers look in tcpdump's lines.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace datalink {

// "10.0.0.1" from 4 bytes.
std::string ipv4_text(std::span<const std::byte> address);
// "fd00::1" (RFC 5952, as inet_ntop writes it) from 16 bytes.
std::string ipv6_text(std::span<const std::byte> address);
// "02:00:00:00:00:01" from 6 bytes.
std::string mac_text(std::span<const std::byte> address);
// "0x0800": an Ethertype as tcpdump shows it in parentheses.
std::string hex16(std::uint16_t value);
// The name tcpdump gives an Ethertype with -e: "IPv4", "ARP", "IPv6", "802.1Q", "Unknown".
std::string ethertype_name(std::uint16_t ethertype);

}  // namespace datalink
