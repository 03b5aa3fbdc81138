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

void Tracer::run() {
    while (!table_.finished()) {
        const auto now = np::Clock::now();
        std::size_t in_flight = 0;
        std::optional<np::Clock::time_point> wake;
        // Probes are sent in order, so the sent ones come first: give up those whose time
        // is over, count those still out, and send more while fewer than -N are.
        for (std::size_t i = table_.begin(); i < table_.end(); ++i) {
            if (table_.is_done(i)) continue;
            if (!table_.is_sent(i)) {
                if (in_flight >= static_cast<std::size_t>(options_.in_flight)) break;
                send_probe(i);
            }
            const auto due = table_.deadline(i, options_.wait);
            if (now >= due) {
                table_.expire(i);
                continue;
            }
            ++in_flight;
            wake = wake ? std::min(*wake, due) : due;
        }
        print_complete_hops();
        if (table_.finished()) break;
        if (wake) wait_for_input(*wake);
    }
}

void Tracer::send_probe(std::size_t index) {
    const std::uint16_t name = probes_.naming.name_of(index);
    const int fd = options_.icmp ? raw_.get() : udp_.get();
    set_ttl(fd, table_.ttl_of(index));
    np::SocketAddress to = target_;
    // The time before sending: on a fast path the answer may arrive (and be stamped by the
    // kernel) before sendto even returns.
    const auto sent_at = np::Clock::now();
    ssize_t sent;
    if (options_.icmp) {
        const auto request = build_echo_request(target_.family(), probes_.identifier, name, data_);
        sent = sendto(fd, request.data(), request.size(), 0, to.data(), to.size());
    } else {
        to.set_port(name);
        sent = sendto(fd, data_.data(), data_.size(), 0, to.data(), to.size());
    }
    if (sent == -1 && errno != EMSGSIZE) np::throw_errno("sendto");
    // EMSGSIZE (beyond the path MTU): the probe counts as sent and shows as "*".
    table_.mark_sent(index, sent_at);
}

void Tracer::set_ttl(int fd, int ttl) {
    if (target_.family() == AF_INET) {
        np::check(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)), "setsockopt IP_TTL");
    } else {
        np::check(setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)),
                  "setsockopt IPV6_UNICAST_HOPS");
    }
}

void Tracer::handle(const Datagram& datagram) {
    Match match = match_icmp(probes_, datagram.bytes);
    if (const auto* not_ours = std::get_if<NotOurs>(&match)) {
        np::debug("ignored ICMP from " + datagram.from.host() + ": " + not_ours->reason);
        return;
    }
    const Answer& answer = std::get<Answer>(match);
    if (!table_.record(answer.probe, datagram.from, answer.verdict, answer.annotation,
                       datagram.received_at)) {
        np::debug("ignored a late or repeated answer to probe " + std::to_string(answer.probe));
    }
}

}  // namespace traceroute
