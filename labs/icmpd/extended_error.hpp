#pragma once
// What an error from a socket's error queue (IP_RECVERR) tells beyond its errno.

struct sock_extended_err;  // <linux/errqueue.h>

namespace icmpd {

// Does the error's ee_info hold a path MTU? It does for ICMP's "fragmentation needed",
// ICMPv6's "packet too big", and the local stack's EMSGSIZE.
bool carries_mtu(const sock_extended_err& error);

}  // namespace icmpd
