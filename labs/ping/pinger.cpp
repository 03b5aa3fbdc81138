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

// Given: the send and receive times are wall-clock times, like SO_TIMESTAMP's.
[[maybe_unused]] microseconds wall_clock_now() {
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

// Given: waits for the socket or a signal and passes on what came.
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
    // TODO(student): the next sequence number (1, 2, ...; 16 bits), forget any earlier
    // answer to it in answered_, build the payload with the current wall-clock time and the
    // request around it, sendto the target. Then count it (sent_, last_send_, stats_), even
    // if sendto failed (say so with np::warn, as "sendmsg: <strerror>").
}

// Given.
void Pinger::receive_all() {
    while (auto datagram = receive()) handle(*datagram);
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

// Given: a datagram socket (the fallback without root) gets ICMP errors only through its
// error queue (IP_RECVERR); this turns each into an IcmpError for on_error.
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

// Given: with -v, says what was ignored and why.
void Pinger::ignore(const Datagram& datagram, const std::string& reason) const {
    np::debug("ignored " + std::to_string(datagram.bytes.size()) + " bytes from " +
              datagram.from.host() + ": " + reason);
}

bool Pinger::was_sent([[maybe_unused]] std::uint16_t sequence) const {
    // TODO(student): did we send this sequence number? (After 65536 probes, every one.)
    return false;
}

}  // namespace ping
