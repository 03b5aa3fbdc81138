#pragma once
// Capturing without libpcap, the way libpcap itself does it on Linux: a PF_PACKET socket
// bound to one interface, a classic BPF filter attached with SO_ATTACH_FILTER, and a
// TPACKET_V3 ring of blocks mapped into our memory. The kernel fills a block with
// packets and hands it over ("retires" it) when it is full or its timeout expires; we
// read the packets in place and hand the block back. One poll() per block, no copy.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bpf_program.hpp"
#include "np/fd.hpp"
#include "packet_sink.hpp"

namespace datalink {

struct RingSettings {
    std::string interface;
    std::uint32_t snaplen = 262144;
    bool promiscuous = true;
    std::size_t block_size = 1 << 20;  // a multiple of the page size, above the snaplen
    std::size_t block_count = 4;
    unsigned block_timeout_ms = 50;  // a block goes to us at the latest after this
};

// Blocks for a ring of about buffer_bytes: 1 MiB each, or smaller (down to 64 KiB) so that
// there are at least four, but always big enough for one whole snapshot; at least two.
void size_blocks(RingSettings& settings, std::size_t buffer_bytes);

class PacketRing {
public:
    // Opens, filters (an empty program: everything), maps and binds. Throws
    // std::system_error naming the call that failed.
    PacketRing(const RingSettings& settings, const BpfProgram& filter);
    ~PacketRing();
    PacketRing(const PacketRing&) = delete;
    PacketRing& operator=(const PacketRing&) = delete;

    // Waits up to timeout_ms for the next block, calls on_packet for each of its packets
    // until it returns false, and hands the block back. Returns the packets handled;
    // 0 after a timeout or a signal (poll's EINTR).
    std::size_t next_block(int timeout_ms,
                           const std::function<bool(const CapturedPacket&)>& on_packet);

    // The kernel's counts since the socket opened: received by filter and dropped.
    CaptureCounts counts();

private:
    std::byte* block(std::size_t index) const { return ring_ + index * block_size_; }

    np::Fd socket_;
    std::byte* ring_ = nullptr;
    std::size_t block_size_ = 0;
    std::size_t block_count_ = 0;
    std::size_t current_ = 0;  // the next block we expect the kernel to give us
    std::uint32_t snaplen_ = 0;
    CaptureCounts counts_;
    std::vector<std::byte> untagged_;  // a frame with its VLAN tag put back
};

}  // namespace datalink
