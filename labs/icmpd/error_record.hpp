#pragma once
// What np-icmpd tells a client about one ICMP error, and how it travels: a record of fixed
// size and layout on the Unix stream socket, so that the client always knows how many bytes
// make one error and never has to look for the end of a message.
//
//   offset  size  field
//        0     4  errno the error stands for (ECONNREFUSED, EMSGSIZE, ...)
//        4     1  ICMP type (ICMPv6 type for an IPv6 destination)
//        5     1  ICMP code
//        6     2  address family of the destination: 4 or 6
//        8     4  next-hop MTU ("fragmentation needed", "packet too big"); 0 otherwise
//       12     2  destination port
//       14     2  zero
//       16    16  destination address; an IPv4 address fills the first 4 bytes, then zeros
//
// Every field is in network byte order, like a protocol header: the record is written and
// read with np::ByteWriter / np::ByteReader, field by field, never as a C struct.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "np/address.hpp"

namespace icmpd {

inline constexpr std::size_t kRecordSize = 32;

struct ErrorRecord {
    int error = 0;  // an errno value
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t mtu = 0;
    np::SocketAddress destination;  // IPv4 or IPv6, with the port
};

// The record's 32 bytes. Throws std::invalid_argument unless the destination is IPv4/IPv6.
std::array<std::byte, kRecordSize> encode_record(const ErrorRecord& record);

// Reads a record back; throws np::ParseError for fewer than 32 bytes, an unknown family or
// nonzero reserved bytes.
ErrorRecord decode_record(std::span<const std::byte> bytes);

// np-udpcli's line for an error: "10.0.1.2:9: Connection refused (ICMP type 3 code 3)", with
// " mtu 1280" appended when the record carries an MTU. A record of type 0 (no ICMP error
// has it) is an error of the local stack: "(local error)" instead of the type and code.
std::string error_line(const ErrorRecord& record);

}  // namespace icmpd
