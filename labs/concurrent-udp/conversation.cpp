#include "conversation.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace tftp {

namespace {

void send_to(int socket, std::span<const std::byte> packet, const np::SocketAddress& to) {
    // A datagram that cannot go out now (a full buffer, an ICMP error queued on the
    // socket) is as good as lost on the way: retransmission covers both.
    if (::sendto(socket, packet.data(), packet.size(), 0, to.data(), to.size()) < 0) {
        np::debug("sendto " + to.to_string() + ": " + np::errno_text(errno));
    }
}

}  // namespace

Conversation::Conversation(np::Fd socket, np::SocketAddress peer, bool peer_fixed,
                           std::chrono::milliseconds timeout, int max_retries)
    : socket_(std::move(socket)),
      peer_(peer),
      peer_fixed_(peer_fixed),
      timeout_(timeout),
      max_retries_(max_retries) {}

void Conversation::send(std::vector<std::byte> packet) {
    last_sent_ = std::move(packet);
    send_to(socket_.get(), last_sent_, peer_);
}

void Conversation::resend() { send_to(socket_.get(), last_sent_, peer_); }

void Conversation::send_error(ErrorCode code, const std::string& message) {
    send_to(socket_.get(), encode(Error{code, message}), peer_);
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
        // TODO(student): a packet from any other address or port than peer_ belongs to
        // no transfer of ours (an unknown TID): send it ERROR 5 and wait on.
        try {
            return decode(std::span(buffer).first(static_cast<std::size_t>(n)));
        } catch (const np::ParseError& e) {
            throw TransferError(ErrorCode::kIllegalOperation, e.what());
        }
    }
}

Packet Conversation::await(const std::function<Verdict(const Packet&)>& handler) {
    // TODO(student): wait up to timeout_ for packets (receive_until). An ERROR from the peer
    // throws PeerError; a packet that handler takes is returned; anything else is ignored,
    // with the timer running on. When the timer expires: resend() and start it again, but
    // after max_retries retransmissions throw TransferTimeout. Never resend on receipt of a
    // packet: that is the Sorcerer's Apprentice bug.
    (void)handler;
    (void)max_retries_;
    throw TransferTimeout("await() is not written yet");
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
