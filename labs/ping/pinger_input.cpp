// Given: the parts of Pinger around the loop you write in pinger.cpp: construction, the
// summary's elapsed time, and the input side (waiting for the socket or SIGINT, reading
// what came, the error queue of a datagram socket, -v's notes about what was ignored).

#include "pinger.hpp"

// linux/errqueue.h uses struct timespec without including <time.h>: that goes first.
// clang-format off
#include <time.h>
#include <linux/errqueue.h>
// clang-format on

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "np/bytes.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace ping {

namespace {

using std::chrono::microseconds;

// Big enough for the largest IPv4 datagram, header included.
constexpr std::size_t kReceiveBuffer = 65536;

}  // namespace

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

void Pinger::receive_all() {
    while (auto datagram = receive()) handle(*datagram);
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

}  // namespace ping
