#include "transfer.hpp"

#include <variant>

namespace tftp {

void send_blocks([[maybe_unused]] Conversation& conversation, [[maybe_unused]] BlockSource& source,
                 [[maybe_unused]] std::size_t block_size) {
    // TODO(student): from block 1: take source.next(block_size), send it as DATA, await
    // the ACK of that very block (an ACK of another block is ignored: Verdict::kIgnore).
    // A block shorter than block_size is the last one. The block number is a uint16_t:
    // after 65535 comes 0.
    throw TransferError(ErrorCode::kNotDefined, "send_blocks() is not written yet");
}

void receive_blocks([[maybe_unused]] Conversation& conversation, [[maybe_unused]] BlockSink& sink,
                    [[maybe_unused]] std::size_t block_size,
                    [[maybe_unused]] std::optional<Data> first) {
    // TODO(student): expect block 1 (or take `first`), then 2, 3, ... (wrapping at 65535):
    // write each expected DATA to the sink and send its ACK; if the previous block comes
    // again, resend() our ACK. A DATA larger than block_size is an illegal operation. The
    // first block shorter than block_size ends the transfer: sink.finish() and return.
    throw TransferError(ErrorCode::kNotDefined, "receive_blocks() is not written yet");
}

void acknowledge_repeats(Conversation& conversation, std::chrono::milliseconds duration) {
    conversation.linger(duration, [&](const Packet& packet) {
        // The only DATA the sender can still send is the last one again.
        if (std::holds_alternative<Data>(packet)) conversation.resend();
    });
}

}  // namespace tftp
