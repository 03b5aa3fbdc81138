#include "pinger.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace ping {

namespace {

using std::chrono::microseconds;

// Given: the send and receive times are wall-clock times, like SO_TIMESTAMP's.
[[maybe_unused]] microseconds wall_clock_now() {
    return std::chrono::duration_cast<microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
}

}  // namespace

// Milestones 2, 4 and 6: the loop. See README.md for the order to write it in.

void Pinger::run() {
    // TODO(student): the probe loop. Until SIGINT (interrupted_), -w (options_.deadline,
    // counted from the start) or -c says stop:
    //   - stop when -c probes are answered: stats_.received() + stats_.errors() >= count;
    //   - while more_to_send(), send a probe when its time has come (the first at once,
    //     then every options_.interval), else wait_for_input (given) until it is due;
    //   - after the last probe wait at most linger() for what is still on its way.
}

bool Pinger::more_to_send() const {
    // TODO(student): true without -c; with -c, until count probes went out. (With -w as
    // well, iputils keeps sending until the replies are in or time is up.)
    return false;
}

np::Clock::duration Pinger::linger() const {
    // TODO(student): how long to wait after the last probe: if replies came, twice the
    // longest RTT but at least one interval; if none did, the -W timeout.
    return {};
}

void Pinger::send_probe() {
    // TODO(student): the next sequence number (1, 2, ...; 16 bits), forget any earlier
    // answer to it in answered_, build the payload with the current wall-clock time and the
    // request around it, sendto the target. Then count it (sent_, last_send_, stats_), even
    // if sendto failed (say so with np::warn, as "sendmsg: <strerror>").
}

std::optional<Datagram> Pinger::receive() {
    // TODO(student): recvmsg into buffer_ without blocking (MSG_DONTWAIT); nullopt when
    // nothing is left (EAGAIN). Fill a Datagram: the bytes, the sender, the receive time
    // (the SCM_TIMESTAMP control message, else the clock now) and the TTL from the
    // IP_TTL or IPV6_HOPLIMIT control message, when the socket sends one.
    return std::nullopt;
}

void Pinger::handle([[maybe_unused]] const Datagram& datagram) {
    // TODO(student): parse_icmp (framing_for(socket_) says how), then on_reply for an EchoReply,
    // on_error for an IcmpError about one of ours (raw socket: quoted identifier == ours), and
    // ignore(datagram, reason) for everything else.
}

void Pinger::on_reply([[maybe_unused]] const EchoReply& reply,
                      [[maybe_unused]] const Datagram& datagram) {
    // TODO(student): only our replies count: on a raw socket the identifier must be ours,
    // and the sequence one we sent (was_sent). The RTT is the receive time minus the
    // timestamp in the payload (none below 16 bytes of data). A sequence already in
    // answered_ is a duplicate. Count it in stats_ and, unless -q, print the reply line
    // (output.hpp has the formatting; the TTL comes from the header or ancillary data).
}

void Pinger::on_error([[maybe_unused]] const IcmpError& error,
                      [[maybe_unused]] const np::SocketAddress& from) {
    // TODO(student): an error counts if it quotes a sequence we sent to our target
    // (np::SocketAddress::same_host: the port does not matter).
    // Count it in stats_ and, unless -q, print "From <from> icmp_seq=N <description>".
}

bool Pinger::was_sent([[maybe_unused]] std::uint16_t sequence) const {
    // TODO(student): did we send this sequence number? (After 65536 probes, every one.)
    return false;
}

}  // namespace ping
