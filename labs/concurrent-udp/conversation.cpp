#include "conversation.hpp"

namespace tftp {

bool Conversation::check_tid([[maybe_unused]] const np::SocketAddress& from) {
    // TODO(student): a packet from any other address or port than peer_ belongs to no
    // transfer of ours (an unknown TID): send it ERROR 5 (send_to) and return false.
    return true;
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

}  // namespace tftp
