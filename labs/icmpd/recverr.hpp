#pragma once
// The modern way, without a daemon: Linux queues the ICMP errors about a socket's
// datagrams on the socket itself once IP_RECVERR (IPv4) or IPV6_RECVERR (IPv6) is on. An
// error makes poll() report POLLERR; recvmsg(..., MSG_ERRQUEUE) then returns the datagram
// that failed, its destination in msg_name, and a control message holding a
// sock_extended_err: the errno, where the error came from (ICMP, ICMPv6, or the local
// stack), the ICMP type and code, and ee_info (the MTU of a fragmentation-needed error).

#include <optional>

#include "error_record.hpp"

namespace icmpd {

// Turns on the error queue of a UDP socket of `family`. Throws std::system_error.
void enable_recverr(int fd, int family);

// One error from the socket's error queue, as an ErrorRecord: the destination from
// msg_name, ee_errno, and for ICMP / ICMPv6 origins ee_type, ee_code and, for
// fragmentation needed / packet too big, ee_info as the MTU. An error of local origin
// (the stack itself refused: a datagram above the known path MTU) has type and code 0 and
// ee_info as the MTU. nullopt when the queue is empty. Throws std::system_error otherwise.
std::optional<ErrorRecord> read_queued_error(int fd);

}  // namespace icmpd
