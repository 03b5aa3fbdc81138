#include "transfer.hpp"

#include <variant>

namespace tftp {

void send_blocks(Conversation& conversation, BlockSource& source, std::size_t block_size) {
    std::uint16_t block = 1;
    for (;;) {
        auto payload = source.next(block_size);
        const bool last = payload.size() < block_size;
        conversation.send(encode(Data{block, std::move(payload)}));
        conversation.await([block](const Packet& packet) {
            const auto* ack = std::get_if<Ack>(&packet);
            // An ACK for an earlier block is a duplicate: it must not trigger a resend.
            return ack && ack->block == block ? Verdict::kTake : Verdict::kIgnore;
        });
        if (last) return;
        ++block;  // wraps to 0 after 65535, as tftp-hpa and atftp expect
    }
}

void receive_blocks(Conversation& conversation, BlockSink& sink, std::size_t block_size,
                    std::optional<Data> first) {
    std::uint16_t expected = 1;
    const auto handle = [&](const Packet& packet) {
        const auto* data = std::get_if<Data>(&packet);
        if (!data) return Verdict::kIgnore;
        if (data->block == expected) return Verdict::kTake;
        // The previous block again: the sender missed our ACK. Acknowledge it once more.
        if (data->block == static_cast<std::uint16_t>(expected - 1)) conversation.resend();
        return Verdict::kIgnore;
    };
    for (;;) {
        Data data = first ? std::move(*first) : std::get<Data>(conversation.await(handle));
        first.reset();
        if (data.payload.size() > block_size) {
            throw TransferError(ErrorCode::kIllegalOperation,
                                "a DATA block larger than the block size");
        }
        sink.write(data.payload);
        conversation.send(encode(Ack{expected}));
        if (data.payload.size() < block_size) break;
        ++expected;
    }
    sink.finish();
}

void acknowledge_repeats(Conversation& conversation, std::chrono::milliseconds duration) {
    conversation.linger(duration, [&](const Packet& packet) {
        // The only DATA the sender can still send is the last one again.
        if (std::holds_alternative<Data>(packet)) conversation.resend();
    });
}

}  // namespace tftp
