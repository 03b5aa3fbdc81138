#pragma once
// The services inetd answers itself (RFCs 862-868): too small to deserve a program each.
// The first functions build the bytes; the serve_* ones do the I/O on a socket.

#include <cstdint>
#include <ctime>
#include <string>

#include "inetd_conf.hpp"
#include "np/address.hpp"

namespace inetd {

// RFC 864's pattern: the 95 printable ASCII characters (' ' to '~') as a ring; line k is
// the 72 characters starting at ring[k mod 95], then "\r\n".
std::string chargen_line(std::uint64_t k);

// RFC 867 as BSD inetd answers: ctime()'s 24 characters in local time, then "\r\n".
std::string daytime_text(std::time_t now);

// RFC 868: seconds since 1900-01-01 00:00 UTC, modulo 2^32, as 4 bytes big-endian.
std::string time_bytes(std::time_t now);

// A datagram from such a source gets no answer: answering it could start an endless
// exchange with another small service (echo to chargen) or a storm (broadcast).
bool unsafe_udp_source(const np::SocketAddress& source);

// TCP: serves the connected socket `fd` until the client closes (echo, discard, chargen)
// or after one answer (daytime, time). Runs in a child for the first three.
void serve_stream(Internal service, int fd);

// Whether serve_stream returns at once (daytime, time) so inetd need not fork for it.
bool answers_at_once(Internal service);

// UDP: reads one datagram from `fd` (without blocking) and answers it. chargen_counter
// is the service's next chargen line number.
void serve_datagram(Internal service, int fd, std::uint64_t& chargen_counter);

}  // namespace inetd
