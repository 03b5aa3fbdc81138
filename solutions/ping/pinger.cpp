#include "pinger.hpp"

#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "np/bytes.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"
#include "np/log.hpp"

namespace ping {

namespace {

using std::chrono::microseconds;

// Big enough for the largest IPv4 datagram, header included.
constexpr std::size_t kReceiveBuffer = 65536;

microseconds wall_clock_now() {
    return std::chrono::duration_cast<microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
}

void set_int_option(int fd, int level, int name, int value, std::string_view what) {
    np::check(setsockopt(fd, level, name, &value, sizeof(value)), what);
}

// The address the kernel would send from to reach `target` through `device`: connect a
// UDP socket (which sends nothing) and ask it.
np::SocketAddress source_address(const np::SocketAddress& target, const std::string& device) {
    np::Fd probe(np::check(socket(target.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    np::check(setsockopt(probe.get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                         static_cast<socklen_t>(device.size() + 1)),
              "SO_BINDTODEVICE " + device);
    np::SocketAddress to = target;
    to.set_port(1025);  // any port: connect needs one, nothing is sent
    np::check(connect(probe.get(), to.data(), to.size()), "connect");
    np::SocketAddress source;
    np::check(getsockname(probe.get(), source.data(), source.size_ptr()), "getsockname");
    return source;
}

}  // namespace

IcmpSocket open_icmp_socket(int family) {
    IcmpSocket sock;
    sock.family = family;
    const int protocol = family == AF_INET ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6};
    int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd >= 0) {
        sock.fd.reset(fd);
        sock.identifier = static_cast<std::uint16_t>(getpid() & 0xffff);
        return sock;
    }
    if (errno != EPERM && errno != EACCES) np::throw_errno("socket");

    // No CAP_NET_RAW: a datagram ICMP socket, if our group is in ping_group_range.
    fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        if (errno == EPERM || errno == EACCES) {
            throw std::runtime_error(
                "no permission for an ICMP socket: run as root, or allow your group in "
                "net.ipv4.ping_group_range");
        }
        np::throw_errno("socket");
    }
    sock.fd.reset(fd);
    sock.raw = false;
    return sock;
}

IcmpSockets::IcmpSockets(int family) {
    if (family == AF_INET) {
        v4_ = open_icmp_socket(AF_INET);
    } else if (family == AF_INET6) {
        v6_ = open_icmp_socket(AF_INET6);
    } else {
        try {
            v4_ = open_icmp_socket(AF_INET);
        } catch (const std::exception&) {
            v4_error_ = std::current_exception();
        }
        try {
            v6_ = open_icmp_socket(AF_INET6);
        } catch (const std::exception&) {
            v6_error_ = std::current_exception();
        }
        if (!v4_ && !v6_) std::rethrow_exception(v4_error_);
    }
}

IcmpSocket IcmpSockets::take(int family) {
    std::optional<IcmpSocket>& slot = family == AF_INET ? v4_ : v6_;
    std::exception_ptr error = family == AF_INET ? v4_error_ : v6_error_;
    if (error) std::rethrow_exception(error);
    if (!slot) throw std::logic_error("no ICMP socket was opened for this address family");
    IcmpSocket sock = std::move(*slot);
    slot.reset();
    return sock;
}

std::optional<Source> configure_socket(const IcmpSocket& socket, const Options& options,
                                       const np::SocketAddress& target) {
    const int fd = socket.fd.get();
    // Kernel receive times are taken before our process runs: better RTTs under load.
    const int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on)) == -1) {
        np::debug("no SO_TIMESTAMP; taking receive times ourselves");
    }
    if (socket.family == AF_INET) {
        if (options.ttl) set_int_option(fd, IPPROTO_IP, IP_TTL, *options.ttl, "setsockopt IP_TTL");
        if (socket.raw) {
            // A raw socket gets every ICMP message of the host: keep replies and errors.
            icmp_filter filter{};
            filter.data = ~((1u << np::icmp::kEchoReply) | (1u << np::icmp::kDestUnreachable) |
                            (1u << np::icmp::kTimeExceeded) | (1u << np::icmp::kParameterProblem));
            np::check(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)),
                      "setsockopt ICMP_FILTER");
        } else {
            // No IP header on a datagram socket: the TTL comes as ancillary data, and
            // ICMP errors only through the error queue.
            set_int_option(fd, IPPROTO_IP, IP_RECVTTL, 1, "setsockopt IP_RECVTTL");
            set_int_option(fd, IPPROTO_IP, IP_RECVERR, 1, "setsockopt IP_RECVERR");
        }
    } else {
        if (options.ttl) {
            set_int_option(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, *options.ttl,
                           "setsockopt IPV6_UNICAST_HOPS");
        }
        // ICMPv6 sockets never see the IPv6 header: the hop limit comes as ancillary data.
        set_int_option(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "setsockopt IPV6_RECVHOPLIMIT");
        if (socket.raw) {
            icmp6_filter filter;
            ICMP6_FILTER_SETBLOCKALL(&filter);
            for (int type :
                 {np::icmp6::kEchoReply, np::icmp6::kDestUnreachable, np::icmp6::kPacketTooBig,
                  np::icmp6::kTimeExceeded, np::icmp6::kParameterProblem}) {
                ICMP6_FILTER_SETPASS(type, &filter);
            }
            np::check(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)),
                      "setsockopt ICMP6_FILTER");
        } else {
            set_int_option(fd, IPPROTO_IPV6, IPV6_RECVERR, 1, "setsockopt IPV6_RECVERR");
        }
    }

    if (options.interface.empty()) return std::nullopt;
    if (auto address = np::SocketAddress::parse_numeric(options.interface)) {
        if (address->family() != target.family()) {
            throw np::UsageError("-I " + options.interface + ": not an address of " +
                                 (target.family() == AF_INET ? "IPv4" : "IPv6"));
        }
        np::check(bind(fd, address->data(), address->size()), "bind " + options.interface);
        return Source{address->host(), ""};
    }
    np::check(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, options.interface.c_str(),
                         static_cast<socklen_t>(options.interface.size() + 1)),
              "SO_BINDTODEVICE " + options.interface);
    return Source{source_address(target, options.interface).host(), options.interface};
}

Framing framing_for(const IcmpSocket& socket) {
    if (socket.family == AF_INET6) return Framing::kIpv6;
    return socket.raw ? Framing::kIpv4WithHeader : Framing::kIpv4Bare;
}

Pinger::Pinger(IcmpSocket socket, np::SocketAddress target, Options options)
    : socket_(std::move(socket)),
      target_(target),
      options_(std::move(options)),
      signals_({SIGINT}),
      buffer_(kReceiveBuffer) {}

std::chrono::milliseconds Pinger::elapsed() const {
    if (sent_ == 0) return {};
    return std::chrono::duration_cast<std::chrono::milliseconds>(last_send_ - start_ +
                                                                 microseconds(500));
}

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

void Pinger::wait_for_input(np::Clock::time_point until) {
    std::array<pollfd, 2> fds{{{socket_.fd.get(), POLLIN, 0}, {signals_.fd(), POLLIN, 0}}};
    if (poll(fds.data(), fds.size(), np::poll_timeout_ms(until)) == -1) {
        if (errno == EINTR) return;
        np::throw_errno("poll");
    }
    if (fds[1].revents & POLLIN) {
        while (auto signal = signals_.read()) {
            if (*signal == SIGINT) interrupted_ = true;
        }
    }
    if (fds[0].revents & POLLERR) drain_error_queue();
    if (fds[0].revents & POLLIN) receive_all();
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

void Pinger::receive_all() {
    while (auto datagram = receive()) handle(*datagram);
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

int Pinger::drain_error_queue() {
    int drained = 0;
    for (;;) {
        std::array<std::byte, 576> data{};
        sockaddr_storage destination{};
        alignas(cmsghdr) std::array<std::byte, 512> control{};
        iovec iov{data.data(), data.size()};
        msghdr msg{};
        msg.msg_name = &destination;
        msg.msg_namelen = sizeof(destination);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        const ssize_t n = recvmsg(socket_.fd.get(), &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
        if (n == -1) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return drained;
            np::throw_errno("recvmsg MSG_ERRQUEUE");
        }
        ++drained;

        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
            const bool is_error = (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
                                  (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR);
            if (!is_error || c->cmsg_len < CMSG_LEN(sizeof(sock_extended_err))) continue;
            sock_extended_err ee;
            std::memcpy(&ee, CMSG_DATA(c), sizeof(ee));

            if (ee.ee_origin == SO_EE_ORIGIN_LOCAL) {
                stats_.add_error();
                // iputils' own line, with strerror's text (not np::errno_text).
                std::string text =
                    "local error: " + std::string(std::strerror(static_cast<int>(ee.ee_errno)));
                if (ee.ee_errno == EMSGSIZE) text += ", mtu=" + std::to_string(ee.ee_info);
                np::warn(text);
                continue;
            }
            if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6) continue;

            // The ICMP sender's address follows the structure (SO_EE_OFFENDER).
            sockaddr_storage offender{};
            const std::size_t after = c->cmsg_len - CMSG_LEN(sizeof(ee));
            std::memcpy(&offender, CMSG_DATA(c) + sizeof(ee), std::min(after, sizeof(offender)));
            const np::SocketAddress from(
                reinterpret_cast<const sockaddr*>(&offender),
                socket_.family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));

            // The data is the start of our own request, as it went out.
            IcmpError error;
            error.family = socket_.family;
            error.type = ee.ee_type;
            error.code = ee.ee_code;
            error.mtu = ee.ee_info;
            error.pointer = ee.ee_info;
            error.quoted_destination =
                np::SocketAddress(reinterpret_cast<const sockaddr*>(&destination), msg.msg_namelen);
            try {
                np::ByteReader in(
                    std::span<const std::byte>(data).first(static_cast<std::size_t>(n)));
                in.skip(4);  // type, code, checksum
                error.quoted_identifier = in.u16();
                error.quoted_sequence = in.u16();
            } catch (const np::ParseError&) {
                np::debug("ignored a queued ICMP error without our request in it");
                continue;
            }
            on_error(error, from);
        }
    }
}

void Pinger::ignore(const Datagram& datagram, const std::string& reason) const {
    np::debug("ignored " + std::to_string(datagram.bytes.size()) + " bytes from " +
              datagram.from.host() + ": " + reason);
}

bool Pinger::was_sent(std::uint16_t sequence) const {
    if (sent_ >= 65536) return true;  // every number has been used
    return sequence >= 1 && sequence <= sent_;
}

}  // namespace ping
