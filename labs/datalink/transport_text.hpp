#pragma once
// The pieces of UDP's and TCP's lines that decode_udp and decode_tcp print: the endpoints,
// TCP's flags and its options, as tcpdump -n writes them.

#include <cstddef>
#include <cstdint>
#include <string>

#include "decode.hpp"
#include "np/bytes.hpp"

namespace datalink {

// "SRC.SPORT > DST.DPORT: ", or "SPORT > DPORT: " when the IP layer printed the addresses.
std::string endpoints(const IpEndpoints& ip, std::uint16_t source_port,
                      std::uint16_t destination_port);

// What a transport header cut before its ports starts with: "SRC > DST: " unless printed.
std::string addresses(const IpEndpoints& ip);

// "Flags [S.]": the letters of the flags set, in tcpdump's order ("none" for no flag).
std::string flags_text(std::uint8_t flags);

// Appends the options as tcpdump lists them, and the closing "]": "mss 1460,sackOK,TS val
// 1 ecr 0,nop,wscale 7]". `options` holds what was captured of them, `length` what the
// header says they take. SACK blocks are printed less `sack_base` (0: absolute). Throws
// np::ParseError where the capture ends, after appending what came before.
void options_text(np::ByteReader options, std::size_t length, std::uint32_t sack_base,
                  Decoding& out);

}  // namespace datalink
