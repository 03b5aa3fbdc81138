#pragma once
// The ICMP (RFC 792, 1812) and ICMPv6 (RFC 4443, 4861, 3810) message types and codes the labs
// send, match or print: facts of the protocols, named once, so no lab compares with a bare 11.

#include <cstdint>

namespace np::icmp {
inline constexpr std::uint8_t kEchoReply = 0;
inline constexpr std::uint8_t kDestUnreachable = 3;
inline constexpr std::uint8_t kRedirect = 5;
inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kTimeExceeded = 11;
inline constexpr std::uint8_t kParameterProblem = 12;

// Codes of kDestUnreachable.
namespace unreachable {
inline constexpr std::uint8_t kNet = 0;
inline constexpr std::uint8_t kHost = 1;
inline constexpr std::uint8_t kProtocol = 2;
inline constexpr std::uint8_t kPort = 3;
inline constexpr std::uint8_t kFragNeeded = 4;  // "fragmentation needed and DF set": path MTU
inline constexpr std::uint8_t kSourceRouteFailed = 5;
inline constexpr std::uint8_t kNetUnknown = 6;
inline constexpr std::uint8_t kHostUnknown = 7;
inline constexpr std::uint8_t kSourceHostIsolated = 8;
inline constexpr std::uint8_t kNetProhibited = 9;
inline constexpr std::uint8_t kHostProhibited = 10;
inline constexpr std::uint8_t kNetForTos = 11;
inline constexpr std::uint8_t kHostForTos = 12;
inline constexpr std::uint8_t kAdminProhibited = 13;  // a firewall's reject
inline constexpr std::uint8_t kHostPrecedenceViolation = 14;
inline constexpr std::uint8_t kPrecedenceCutoff = 15;
}  // namespace unreachable

// Codes of kTimeExceeded.
namespace time_exceeded {
inline constexpr std::uint8_t kInTransit = 0;  // the TTL ran out at a router
inline constexpr std::uint8_t kReassembly = 1;
}  // namespace time_exceeded

// Codes of kRedirect.
namespace redirect {
inline constexpr std::uint8_t kNet = 0;
inline constexpr std::uint8_t kHost = 1;
inline constexpr std::uint8_t kTosNet = 2;
inline constexpr std::uint8_t kTosHost = 3;
}  // namespace redirect
}  // namespace np::icmp

namespace np::icmp6 {
inline constexpr std::uint8_t kDestUnreachable = 1;
inline constexpr std::uint8_t kPacketTooBig = 2;
inline constexpr std::uint8_t kTimeExceeded = 3;
inline constexpr std::uint8_t kParameterProblem = 4;
inline constexpr std::uint8_t kEchoRequest = 128;
inline constexpr std::uint8_t kEchoReply = 129;
inline constexpr std::uint8_t kListenerQuery = 130;  // multicast listener discovery
inline constexpr std::uint8_t kListenerReport = 131;
inline constexpr std::uint8_t kListenerDone = 132;
inline constexpr std::uint8_t kRouterSolicitation = 133;  // neighbor discovery
inline constexpr std::uint8_t kRouterAdvertisement = 134;
inline constexpr std::uint8_t kNeighborSolicitation = 135;
inline constexpr std::uint8_t kNeighborAdvertisement = 136;
inline constexpr std::uint8_t kRedirect = 137;
inline constexpr std::uint8_t kListenerReportV2 = 143;

// Codes of kDestUnreachable.
namespace unreachable {
inline constexpr std::uint8_t kNoRoute = 0;
inline constexpr std::uint8_t kAdminProhibited = 1;
inline constexpr std::uint8_t kBeyondScope = 2;
inline constexpr std::uint8_t kAddress = 3;
inline constexpr std::uint8_t kPort = 4;
inline constexpr std::uint8_t kSourcePolicyFailed = 5;
inline constexpr std::uint8_t kRejectRoute = 6;
}  // namespace unreachable

// Codes of kTimeExceeded.
namespace time_exceeded {
inline constexpr std::uint8_t kHopLimit = 0;
inline constexpr std::uint8_t kReassembly = 1;
}  // namespace time_exceeded

// Codes of kParameterProblem.
namespace parameter_problem {
inline constexpr std::uint8_t kHeaderField = 0;
inline constexpr std::uint8_t kNextHeader = 1;
inline constexpr std::uint8_t kOption = 2;
}  // namespace parameter_problem
}  // namespace np::icmp6
