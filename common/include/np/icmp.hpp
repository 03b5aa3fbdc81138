#pragma once
// The ICMP (RFC 792) and ICMPv6 (RFC 4443) message types the labs send or act on: facts of
// the protocols, named once. Codes stay with the code that interprets them.

#include <cstdint>

namespace np::icmp {
inline constexpr std::uint8_t kEchoReply = 0;
inline constexpr std::uint8_t kDestUnreachable = 3;
inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kTimeExceeded = 11;
inline constexpr std::uint8_t kParameterProblem = 12;
}  // namespace np::icmp

namespace np::icmp6 {
inline constexpr std::uint8_t kDestUnreachable = 1;
inline constexpr std::uint8_t kPacketTooBig = 2;
inline constexpr std::uint8_t kTimeExceeded = 3;
inline constexpr std::uint8_t kParameterProblem = 4;
inline constexpr std::uint8_t kEchoRequest = 128;
inline constexpr std::uint8_t kEchoReply = 129;
}  // namespace np::icmp6
