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

microseconds wall_clock_now() {
    return std::chrono::duration_cast<microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
}

}  // namespace

void Pinger::run() {
    start_ = np::Clock::now();
    next_send_ = start_;
    std::optional<np::Clock::time_point> deadline;
    if (options_.deadline) deadline = start_ + *options_.deadline;

    while (!interrupted_) {
        const auto now = np::Clock::now();
        if (deadline && now >= *deadline) break;
        if (options_.count && stats_.received() + stats_.errors() >= *options_.count) break;
        if (options_.deadline && stats_.errors() > 0) break;  // iputils' rule with -w

        np::Clock::time_point wake;
        if (more_to_send()) {
            if (now >= next_send_) {
                send_probe();
                // On schedule, but never a burst to catch up after a stall.
                next_send_ = std::max(next_send_ + options_.interval, now);
                continue;
            }
            wake = next_send_;
        } else {
            wake = last_send_ + linger();
            if (now >= wake) break;
        }
        if (deadline) wake = std::min(wake, *deadline);
        wait_for_input(wake);
    }
}

bool Pinger::more_to_send() const {
    // With -w, -c counts replies, not probes: keep sending until they came or time is up.
    return !options_.count || options_.deadline ||
           sent_ < static_cast<std::uint64_t>(*options_.count);
}

np::Clock::duration Pinger::linger() const {
    // iputils' rule after the last probe: if anything came back, twice the longest RTT
    // (at least one interval); if nothing did, the -W timeout.
    if (stats_.received() == 0) return options_.timeout;
    const auto longest = stats_.max_rtt().value_or(microseconds(0));
    return std::max<np::Clock::duration>(2 * longest, options_.interval);
}

void Pinger::send_probe() {
    const auto sequence = static_cast<std::uint16_t>((sent_ + 1) & 0xffff);
    answered_.reset(sequence);  // after 65536 probes the numbers come round again
    const auto payload = make_payload(options_.size, wall_clock_now());
    const auto request = build_echo_request(socket_.family, socket_.identifier, sequence, payload);

    for (int attempt = 0;; ++attempt) {
        const ssize_t n = sendto(socket_.fd.get(), request.data(), request.size(), 0,
                                 target_.data(), target_.size());
        if (n >= 0) break;
        const int error = errno;
        // A datagram socket reports an ICMP error that came in for an earlier probe on its
        // next call: read it from the error queue, then try again once.
        if (!socket_.raw && attempt == 0 && drain_error_queue() > 0) continue;
        np::warn("sendmsg: " + std::string(std::strerror(error)));  // as iputils says it
        break;
    }
    // Counted even when sendto failed, as iputils does: the probe is lost either way.
    ++sent_;
    last_send_ = np::Clock::now();
    stats_.add_transmitted();
}

std::optional<Datagram> Pinger::receive() {
    sockaddr_storage from{};
    alignas(cmsghdr) std::array<std::byte, 512> control{};
    iovec iov{buffer_.data(), buffer_.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();

    const ssize_t n = recvmsg(socket_.fd.get(), &msg, MSG_DONTWAIT);
    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::nullopt;
        np::throw_errno("recvmsg");
    }
    Datagram datagram;
    datagram.received_at = wall_clock_now();
    // With MSG_TRUNC the datagram was longer than the buffer: parse what we have, which
    // then fails the length checks instead of being read past.
    datagram.bytes = std::span<const std::byte>(buffer_).first(static_cast<std::size_t>(n));
    datagram.from = np::SocketAddress(reinterpret_cast<const sockaddr*>(&from), msg.msg_namelen);

    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP &&
            c->cmsg_len >= CMSG_LEN(sizeof(timeval))) {
            timeval tv;
            std::memcpy(&tv, CMSG_DATA(c), sizeof(tv));
            datagram.received_at = std::chrono::seconds(tv.tv_sec) + microseconds(tv.tv_usec);
        } else if (((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
                    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) &&
                   c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            int ttl;
            std::memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
            datagram.ttl = ttl;
        }
    }
    return datagram;
}

void Pinger::handle(const Datagram& datagram) {
    Incoming incoming = parse_icmp(framing_for(socket_), datagram.bytes);
    if (const auto* reply = std::get_if<EchoReply>(&incoming)) {
        on_reply(*reply, datagram);
    } else if (const auto* error = std::get_if<IcmpError>(&incoming)) {
        if (!socket_.raw || error->quoted_identifier == socket_.identifier) {
            on_error(*error, datagram.from);
        } else {
            ignore(datagram, "an ICMP error about another program's probe");
        }
    } else {
        ignore(datagram, std::get<Ignored>(incoming).reason);
    }
}

void Pinger::on_reply(const EchoReply& reply, const Datagram& datagram) {
    // A raw socket sees every echo reply that reaches the host; a datagram socket only
    // its own, whose identifier the kernel chose.
    if (socket_.raw && reply.identifier != socket_.identifier) {
        return ignore(datagram, "echo reply with identifier " + std::to_string(reply.identifier) +
                                    ", not ours");
    }
    if (!was_sent(reply.sequence)) {
        return ignore(datagram, "echo reply to icmp_seq=" + std::to_string(reply.sequence) +
                                    ", which we never sent");
    }
    std::optional<microseconds> rtt;
    if (options_.size >= kTimestampSize) {
        if (auto sent_at = read_timestamp(reply.payload)) {
            rtt = std::max(datagram.received_at - *sent_at, microseconds(0));
        }
    }
    const bool duplicate = answered_.test(reply.sequence);
    if (duplicate) {
        stats_.add_duplicate(rtt);
    } else {
        answered_.set(reply.sequence);
        stats_.add_reply(rtt);
    }
    if (options_.quiet) return;

    ReplyLine line;
    line.bytes = reply.icmp_length;
    line.from = peer_name(datagram.from, options_.numeric);
    line.sequence = reply.sequence;
    line.ttl = reply.ttl ? reply.ttl : datagram.ttl;
    line.rtt = rtt;
    line.duplicate = duplicate;
    line.truncated = reply.icmp_length < options_.size + kIcmpHeaderSize;
    print_line(reply_line(line));
}

void Pinger::on_error(const IcmpError& error, const np::SocketAddress& from) {
    if (!was_sent(error.quoted_sequence) || !error.quoted_destination.same_host(target_)) {
        np::debug("ignored an ICMP error from " + from.host() + " about a probe we did not send");
        return;
    }
    stats_.add_error();
    if (options_.quiet) return;
    print_line(error_line(peer_name(from, options_.numeric), error.quoted_sequence,
                          describe_error(error)));
}

bool Pinger::was_sent(std::uint16_t sequence) const {
    if (sent_ >= 65536) return true;  // every number has been used
    return sequence >= 1 && sequence <= sent_;
}

}  // namespace ping
