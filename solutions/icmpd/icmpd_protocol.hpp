#pragma once
// The conversation between a client and np-icmpd on the Unix stream socket:
//
//   client                                    np-icmpd
//   connect(SOCKET)                 ------>   accept
//   1 byte, its bound UDP socket    ------>   getsockname: which port; closes its copy
//   attached (SCM_RIGHTS)
//                                   <------   1 byte: kAccepted, or kRefused (and hangs up)
//                                   <------   a 32-byte ErrorRecord per ICMP error
//   close                           ------>   forgets the client
//
// A refused registration: the descriptor was no UDP socket, was not bound to a port, or
// there was none. Anything a registered client sends afterwards is read and ignored.

namespace icmpd {

inline constexpr char kRegister = 'R';
inline constexpr char kAccepted = '1';
inline constexpr char kRefused = '0';

}  // namespace icmpd
