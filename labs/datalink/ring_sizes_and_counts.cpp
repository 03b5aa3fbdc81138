// The PacketRing's given parts: how big its blocks are, unmapping it, and the kernel's
// counts of what it received and dropped.

#include <linux/if_packet.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>

#include "packet_ring.hpp"

namespace datalink {

void size_blocks(RingSettings& settings, std::size_t buffer_bytes) {
    constexpr std::size_t kLargest = 1 << 20, kSmallest = 64 << 10, kHeaders = 4096;
    std::size_t block = kLargest;
    while (block > kSmallest && block * 4 > buffer_bytes &&
           block / 2 >= settings.snaplen + kHeaders) {
        block /= 2;
    }
    settings.block_size = block;
    settings.block_count = std::max<std::size_t>(2, buffer_bytes / block);
}

PacketRing::~PacketRing() {
    if (ring_) ::munmap(ring_, block_size_ * block_count_);
}

CaptureCounts PacketRing::counts() {
    // Reading the statistics resets them in the kernel: add them up.
    tpacket_stats_v3 stats{};
    socklen_t length = sizeof stats;
    if (::getsockopt(socket_.get(), SOL_PACKET, PACKET_STATISTICS, &stats, &length) == 0) {
        counts_.received += stats.tp_packets;
        counts_.dropped += stats.tp_drops;
    }
    return counts_;
}

}  // namespace datalink
