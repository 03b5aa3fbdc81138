#pragma once
// One TFTP conversation: a socket of its own, the peer's transfer identifier (its address
// and port), and the one rule of retransmission that TFTP has: keep the last packet sent,
// send it again when nothing useful came back within the timeout, give up after a number
// of tries. Both the server's child and the client talk through one of these.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "np/address.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "tftp_packet.hpp"

namespace tftp {

// The peer sent an ERROR: the transfer is over, and it must not be answered.
struct PeerError : std::runtime_error {
    explicit PeerError(Error error_packet)
        : std::runtime_error(error_packet.message), error(std::move(error_packet)) {}
    Error error;
};

// We end the transfer: the peer gets an ERROR with this code and message.
struct TransferError : std::runtime_error {
    TransferError(ErrorCode error_code, const std::string& message)
        : std::runtime_error(message), code(error_code) {}
    ErrorCode code;
};

// The peer went quiet: every retransmission went unanswered.
struct TransferTimeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a handler makes of a packet that came from the peer.
enum class Verdict {
    kTake,    // the packet the caller waits for: await() returns it
    kIgnore,  // a stray (e.g. a duplicate ACK): keep waiting, the timer keeps running
};

class Conversation {
public:
    // `socket` is a UDP socket of its own (an ephemeral port: our TID). `peer` is where
    // packets go; with peer_fixed false, the first packet from the peer's host, from any
    // port, fixes the peer (a client learns the server's TID from its first reply).
    Conversation(np::Fd socket, np::SocketAddress peer, bool peer_fixed,
                 std::chrono::milliseconds timeout, int max_retries);

    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
    const np::SocketAddress& peer() const { return peer_; }
    int socket() const { return socket_.get(); }

    // Sends `packet` to the peer and remembers it as the one to retransmit.
    void send(std::vector<std::byte> packet);
    // Sends the remembered packet again (a receiver re-ACKs a duplicate DATA this way).
    void resend();
    // Sends an ERROR to the peer (nothing is remembered: an ERROR is never retransmitted).
    void send_error(ErrorCode code, const std::string& message);

    // Waits for a packet from the peer that `handler` takes, and returns it. On timeout
    // the remembered packet goes out again, up to max_retries times, then TransferTimeout.
    // A packet from any other address/port is answered with ERROR 5 and otherwise
    // ignored; an ERROR from the peer throws PeerError; a malformed packet from the peer
    // throws TransferError(ErrorCode::kIllegalOperation).
    Packet await(const std::function<Verdict(const Packet&)>& handler);

    // Like await for `duration`, with no retransmission: returns when the time is up.
    // For the receiver's last ACK: a repeated last DATA means that ACK was lost.
    void linger(std::chrono::milliseconds duration,
                const std::function<void(const Packet&)>& handler);

private:
    // The next datagram from the peer, decoded, or nullopt at `deadline`. Every datagram
    // that arrives goes through check_tid first.
    std::optional<Packet> receive_until(np::Clock::time_point deadline);
    // The TID check (RFC 1350): true for a datagram from the peer's address and port.
    // Anyone else's datagram belongs to no transfer of ours (an unknown TID): it is
    // answered with ERROR 5 and false is returned; the transfer goes on.
    bool check_tid(const np::SocketAddress& from);
    // Sends a datagram from our socket; a failure is logged and left to retransmission.
    void send_to(std::span<const std::byte> packet, const np::SocketAddress& to);

    np::Fd socket_;
    np::SocketAddress peer_;
    bool peer_fixed_;
    std::chrono::milliseconds timeout_;
    int max_retries_;
    std::vector<std::byte> last_sent_;
};

}  // namespace tftp
