#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "np/check.hpp"
#include "np/icmp.hpp"
#include "np/log.hpp"
#include "probe.hpp"
#include "tracer.hpp"

// The tracer's given half: its sockets (the raw ICMP ones, opened before privileges are
// dropped; the UDP one whose port names our probes; the ICMP filter), receiving with the
// kernel's time stamp, and printing the hops in order. What you write (the TTL, sending,
// handling an answer, the loop) is in tracer.cpp.

namespace traceroute {

namespace {

// Big enough for any ICMP error (they quote at most 576 or 1280 bytes) and echo reply.
constexpr std::size_t kReceiveBuffer = 65536;

np::Fd open_raw(int family) {
    const int protocol = family == AF_INET ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6};
    return np::Fd(np::check(socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol),
                            family == AF_INET ? "socket (raw ICMP)" : "socket (raw ICMPv6)"));
}

// A raw socket sees every ICMP message of the host: keep echo replies and errors.
void install_filter(int fd, int family) {
    if (family == AF_INET) {
        icmp_filter filter{};
        filter.data = ~((1u << np::icmp::kEchoReply) | (1u << np::icmp::kDestUnreachable) |
                        (1u << np::icmp::kTimeExceeded) | (1u << np::icmp::kParameterProblem));
        np::check(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)),
                  "setsockopt ICMP_FILTER");
        return;
    }
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    for (int type : {np::icmp6::kEchoReply, np::icmp6::kDestUnreachable, np::icmp6::kPacketTooBig,
                     np::icmp6::kTimeExceeded, np::icmp6::kParameterProblem}) {
        ICMP6_FILTER_SETPASS(type, &filter);
    }
    np::check(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)),
              "setsockopt ICMP6_FILTER");
}

// A UDP socket on a port of its own (the kernel's choice), and that port.
np::Fd open_udp(int family, std::uint16_t& port) {
    np::Fd fd(np::check(socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket (UDP)"));
    np::SocketAddress any = *np::SocketAddress::parse_numeric(family == AF_INET ? "0.0.0.0" : "::");
    np::check(bind(fd.get(), any.data(), any.size()), "bind");
    np::SocketAddress local;
    np::check(getsockname(fd.get(), local.data(), local.size_ptr()), "getsockname");
    port = local.port();
    return fd;
}

}  // namespace

RawSockets::RawSockets(int family) {
    if (family == AF_INET) {
        v4_ = open_raw(AF_INET);
    } else if (family == AF_INET6) {
        v6_ = open_raw(AF_INET6);
    } else {
        try {
            v4_ = open_raw(AF_INET);
        } catch (const std::exception&) {
            v4_error_ = std::current_exception();
        }
        try {
            v6_ = open_raw(AF_INET6);
        } catch (const std::exception&) {
            v6_error_ = std::current_exception();
        }
        if (!v4_ && !v6_) std::rethrow_exception(v4_error_);
    }
}

np::Fd RawSockets::take(int family) {
    const std::exception_ptr error = family == AF_INET ? v4_error_ : v6_error_;
    if (error) std::rethrow_exception(error);
    np::Fd& slot = family == AF_INET ? v4_ : v6_;
    if (!slot) throw std::logic_error("no raw socket was opened for this address family");
    return std::move(slot);
}

Tracer::Tracer(np::Fd raw, np::SocketAddress target, Options options)
    : raw_(std::move(raw)),
      target_(target),
      options_(std::move(options)),
      packet_length_(
          std::max(options_.packet_length.value_or(default_packet_length(target_.family())),
                   header_size(target_.family()))),
      table_(options_.first_ttl, options_.max_ttl, options_.queries),
      data_(probe_data(data_size(target_.family(), packet_length_))),
      buffer_(kReceiveBuffer) {
    const int family = target_.family();
    install_filter(raw_.get(), family);
    const int on = 1;
    if (setsockopt(raw_.get(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) == -1) {
        np::debug("no SO_TIMESTAMPNS: receive times are taken after the fact");
    }
    probes_.method = options_.icmp ? Method::kIcmp : Method::kUdp;
    probes_.family = family;
    probes_.target = target_;
    probes_.identifier = static_cast<std::uint16_t>(getpid() & 0xffff);
    probes_.naming.base =
        options_.port.value_or(options_.icmp ? kDefaultIcmpBase : kDefaultUdpBase);
    probes_.naming.count = table_.size();
    if (!options_.icmp) udp_ = open_udp(family, probes_.source_port);
}

void Tracer::wait_for_input(np::Clock::time_point until) {
    pollfd fd{raw_.get(), POLLIN, 0};
    if (poll(&fd, 1, np::poll_timeout_ms(until)) == -1) {
        if (errno == EINTR) return;
        np::throw_errno("poll");
    }
    if (fd.revents & POLLIN) receive_all();
}

void Tracer::receive_all() {
    while (auto datagram = receive()) handle(*datagram);
}

std::optional<Datagram> Tracer::receive() {
    np::SocketAddress from;
    alignas(cmsghdr) std::array<std::byte, 256> control{};
    iovec iov{buffer_.data(), buffer_.size()};
    msghdr msg{};
    msg.msg_name = from.data();
    msg.msg_namelen = *from.size_ptr();
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    const ssize_t n = recvmsg(raw_.get(), &msg, MSG_DONTWAIT);
    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::nullopt;
        np::throw_errno("recvmsg");
    }
    Datagram datagram{std::span<const std::byte>(buffer_).first(static_cast<std::size_t>(n)),
                      np::SocketAddress(from.data(), msg.msg_namelen), np::Clock::now()};
    // The kernel's receive time is a wall-clock time: move it onto the monotonic clock by
    // its age, so a slow wake-up (or a reverse lookup while printing) does not count.
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
            c->cmsg_len >= CMSG_LEN(sizeof(timespec))) {
            timespec ts;
            std::memcpy(&ts, CMSG_DATA(c), sizeof(ts));
            const auto arrived = std::chrono::system_clock::time_point(
                std::chrono::duration_cast<std::chrono::system_clock::duration>(
                    std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
            const auto age = std::chrono::system_clock::now() - arrived;
            if (age > std::chrono::system_clock::duration::zero()) {
                datagram.received_at -= std::chrono::duration_cast<np::Clock::duration>(age);
            }
        }
    }
    return datagram;
}

void Tracer::print_complete_hops() {
    const bool numeric = options_.numeric;
    while (auto hop = table_.next_complete_hop()) {
        const std::string line = format_hop(
            hop->first, hop->second, [numeric](const auto& a) { return show_address(a, numeric); });
        std::fputs((line + "\n").c_str(), stdout);
        std::fflush(stdout);
    }
}

}  // namespace traceroute
