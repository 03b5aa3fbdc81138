#pragma once
// The two halves of TFTP's lock-step transfer, shared by server and client: the sender
// sends DATA block n and waits for ACK n before block n + 1; the receiver acknowledges
// each DATA. The block number is 16 bits and wraps from 65535 to 0, so a file of more
// than 65535 blocks (32 MiB at 512 bytes) goes on past the wrap.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "block_stream.hpp"
#include "conversation.hpp"

namespace tftp {

// Sends the whole of `source` in blocks of `block_size`, starting at block 1, each after
// the previous one's ACK. Returns when the last (short) block is acknowledged; throws
// TransferTimeout, PeerError or TransferError otherwise.
void send_blocks(Conversation& conversation, BlockSource& source, std::size_t block_size);

// Receives DATA blocks into `sink` until one is shorter than `block_size`, acknowledging
// each. The packet that invites block 1 (ACK 0, an OACK, or the client's RRQ) has been
// sent through `conversation` already; `first` is block 1 if it came in already (a client
// whose RRQ was answered with DATA at once). Returns once the last block is acknowledged.
void receive_blocks(Conversation& conversation, BlockSink& sink, std::size_t block_size,
                    std::optional<Data> first);

// After receive_blocks: for `duration`, answers a repeated last DATA (the sender did not
// get our last ACK) with that ACK again, so the sender can finish too.
void acknowledge_repeats(Conversation& conversation, std::chrono::milliseconds duration);

}  // namespace tftp
