#include "conversation.hpp"

#include <string>
#include <utility>

namespace tftp {

bool Conversation::check_tid(const np::SocketAddress& from) {
    if (from == peer_) return true;
    // Someone else's packet (RFC 1350: an unknown TID): tell them, keep going.
    send_to(encode(Error{ErrorCode::kUnknownTid, error_text(ErrorCode::kUnknownTid)}), from);
    return false;
}

Packet Conversation::await(const std::function<Verdict(const Packet&)>& handler) {
    int retries = 0;
    auto deadline = np::Clock::now() + timeout_;
    for (;;) {
        auto packet = receive_until(deadline);
        if (!packet) {
            if (retries == max_retries_) {
                throw TransferTimeout("no answer from " + peer_.to_string() + " after " +
                                      std::to_string(retries) + " retransmissions");
            }
            ++retries;
            resend();
            deadline = np::Clock::now() + timeout_;
            continue;
        }
        if (const auto* error = std::get_if<Error>(&*packet)) throw PeerError(*error);
        // Nothing but a timeout triggers a retransmission: answering a duplicate ACK with
        // the DATA again is the Sorcerer's Apprentice bug (every packet goes twice).
        if (handler(*packet) == Verdict::kTake) return std::move(*packet);
    }
}

}  // namespace tftp
