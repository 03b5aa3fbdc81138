#include "tracer.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

#include "np/check.hpp"
#include "np/log.hpp"
#include "probe.hpp"

// What you write of the tracer: the TTL, sending a probe, handling what arrives, and the
// loop. Its sockets, receiving and printing are given, in tracer_io.cpp.

namespace traceroute {

// Milestone 3 (and 5 for the speed): the loop.
void Tracer::run() {
    // TODO(student): until table_.finished(): walk the probes from table_.begin() to
    // table_.end() (the end moves back when the destination answers). Give up (expire)
    // each sent probe whose table_.deadline(i, options_.wait) has passed; count the ones
    // still out; send the next unsent ones (send_probe) while fewer than options_.in_flight
    // are out. Then print_complete_hops(), and wait_for_input until the earliest deadline
    // of the probes still out: it receives and handles what arrives (both given, in
    // tracer_io.cpp).
}

void Tracer::send_probe([[maybe_unused]] std::size_t index) {
    // TODO(student): the probe's TTL is table_.ttl_of(index) (set_ttl). UDP: send data_
    // from udp_ to the target at port probes_.naming.name_of(index). ICMP (options_.icmp):
    // send an echo request (build_echo_request, identifier probes_.identifier, sequence
    // name_of(index)) on raw_. Note the time before sending in table_.mark_sent. A failed
    // sendto throws (np::throw_errno), except EMSGSIZE: that probe just goes unanswered.
}

void Tracer::set_ttl([[maybe_unused]] int fd, [[maybe_unused]] int ttl) {
    // TODO(student): IP_TTL (level IPPROTO_IP) for IPv4, IPV6_UNICAST_HOPS (IPPROTO_IPV6)
    // for IPv6, through setsockopt, checked with np::check.
}

void Tracer::handle([[maybe_unused]] const Datagram& datagram) {
    // TODO(student): match_icmp(probes_, datagram.bytes). An Answer goes into the table
    // (table_.record, with the sender and the receive time); anything else is ignored, with
    // np::debug saying why (visible with -v).
}

}  // namespace traceroute
