#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "conversation.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace tftp {

Conversation::Conversation(np::Fd socket, np::SocketAddress peer, bool peer_fixed,
                           std::chrono::milliseconds timeout, int max_retries)
    : socket_(std::move(socket)),
      peer_(peer),
      peer_fixed_(peer_fixed),
      timeout_(timeout),
      max_retries_(max_retries) {}

void Conversation::send_to(std::span<const std::byte> packet, const np::SocketAddress& to) {
    // A datagram that cannot go out now (a full buffer, an ICMP error queued on the
    // socket) is as good as lost on the way: retransmission covers both.
    if (::sendto(socket_.get(), packet.data(), packet.size(), 0, to.data(), to.size()) < 0) {
        np::debug("sendto " + to.to_string() + ": " + np::errno_text(errno));
    }
}

void Conversation::send(std::vector<std::byte> packet) {
    last_sent_ = std::move(packet);
    send_to(last_sent_, peer_);
}

void Conversation::resend() { send_to(last_sent_, peer_); }

void Conversation::send_error(ErrorCode code, const std::string& message) {
    send_to(encode(Error{code, message}), peer_);
}

std::optional<Packet> Conversation::receive_until(np::Clock::time_point deadline) {
    std::vector<std::byte> buffer(kMaxPacketSize + 1);
    for (;;) {
        const int timeout = np::poll_timeout_ms(deadline);
        if (timeout == 0) return std::nullopt;
        pollfd pfd{socket_.get(), POLLIN, 0};
        const int ready = ::poll(&pfd, 1, timeout);
        if (ready < 0 && errno == EINTR) continue;
        np::check(ready, "poll");
        if (ready == 0) continue;  // the loop's first line sees the deadline

        np::SocketAddress from;
        const ssize_t n = ::recvfrom(socket_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT,
                                     from.data(), from.size_ptr());
        if (n < 0) {
            // ECONNREFUSED and friends: an ICMP error for an earlier datagram; EAGAIN.
            continue;
        }
        if (!peer_fixed_ && from.host() == peer_.host()) {
            peer_ = from;  // the first reply tells the peer's TID
            peer_fixed_ = true;
        }
        if (!check_tid(from)) continue;
        try {
            return decode(std::span(buffer).first(static_cast<std::size_t>(n)));
        } catch (const np::ParseError& e) {
            throw TransferError(ErrorCode::kIllegalOperation, e.what());
        }
    }
}

void Conversation::linger(std::chrono::milliseconds duration,
                          const std::function<void(const Packet&)>& handler) {
    const auto deadline = np::Clock::now() + duration;
    try {
        while (auto packet = receive_until(deadline)) handler(*packet);
    } catch (const TransferError&) {
        // The transfer is complete; garbage now is not worth an answer.
    }
}

}  // namespace tftp
