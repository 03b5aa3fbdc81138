#pragma once
// ICMP and ICMPv6 in tcpdump's words: what decode_icmp and decode_icmp6 print of an
// error's quoted datagram, a redirect, and the ICMPv6 message types.

#include <cstdint>
#include <string>

#include "np/bytes.hpp"

namespace datalink {

// A destination unreachable's text from its code, the next-hop MTU (the second 16 bits
// after the checksum) and the quoted datagram: "10.0.0.2 udp port 9999 unreachable".
std::string unreachable_text(std::uint8_t code, std::uint16_t next_mtu, np::ByteReader quoted);

// "redirect 10.0.0.2 to host 10.0.0.254": the quoted datagram's destination, then the
// gateway (the 4 bytes after the checksum) and whether the route is for a net or a host.
std::string redirect_text(std::uint8_t code, np::ByteReader gateway, np::ByteReader quoted);

// An ICMPv6 type's name: "neighbor solicitation", "unknown icmp6 type (200)".
std::string icmp6_type_name(std::uint8_t type);

// What follows the ICMPv6 type's name, appended to `line` as tcpdump prints it, reading
// `message` from the code on. False when tcpdump ends the line there, without the length.
// Throws np::ParseError where the message is cut short, after appending what came before.
bool icmp6_details(std::uint8_t type, np::ByteReader& message, std::string& line);

}  // namespace datalink
