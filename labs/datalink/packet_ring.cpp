#include "packet_ring.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <system_error>

#include "np/check.hpp"

namespace datalink {

namespace {

// The ring is the kernel's shared memory, laid out as <linux/if_packet.h>'s structures in
// the machine's byte order: not packet data but an ABI. Fields are copied out with
// memcpy (no alignment or aliasing assumptions); the two status words the kernel and we
// hand back and forth are read and written atomically, with acquire/release ordering.
template <class T>
[[maybe_unused]] T read_struct(const std::byte* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

[[maybe_unused]] std::uint32_t* block_status(std::byte* block) {
    return reinterpret_cast<std::uint32_t*>(block + offsetof(tpacket_block_desc, hdr) +
                                            offsetof(tpacket_hdr_v1, block_status));
}

[[maybe_unused, noreturn]] void fail(const std::string& what) { np::throw_errno(what); }

}  // namespace

PacketRing::PacketRing(const RingSettings& settings, const BpfProgram& filter)
    : block_size_(settings.block_size),
      block_count_(settings.block_count),
      snaplen_(settings.snaplen) {
    // TODO(student), in this order, np::check on every call:
    //  1. socket(AF_PACKET, SOCK_RAW, 0) into socket_: protocol 0 receives nothing yet.
    //     The interface's index with if_nametoindex (0: fail(interface)).
    //  2. A non-empty filter: SO_ATTACH_FILTER (SOL_SOCKET) with a sock_fprog over it.
    //  3. PACKET_VERSION TPACKET_V3, then PACKET_RX_RING with a tpacket_req3: block size
    //     and count from the settings, frame size TPACKET_ALIGNMENT << 7 (checked only),
    //     frame count = block size / frame size * block count, tp_retire_blk_tov =
    //     block_timeout_ms. mmap the block_size_ * block_count_ bytes (MAP_SHARED) into
    //     ring_.
    //  4. With settings.promiscuous: PACKET_ADD_MEMBERSHIP, PACKET_MR_PROMISC.
    //  5. bind a sockaddr_ll (AF_PACKET, htons(ETH_P_ALL), the index): packets flow now,
    //     every one through the filter.
    (void)filter;
    throw std::runtime_error("TODO(student): PacketRing for " + settings.interface);
}

std::size_t PacketRing::next_block(int timeout_ms,
                                   const std::function<bool(const CapturedPacket&)>& on_packet) {
    // TODO(student): the current block belongs to us when its status has TP_STATUS_USER
    // (read it with __atomic_load_n on block_status(), acquire). If not, poll the socket
    // for POLLIN up to timeout_ms (EINTR, or still not ours: return 0). Then read its
    // tpacket_block_desc (read_struct): num_pkts packets, the first at
    // offset_to_first_pkt, each a tpacket3_hdr whose frame starts tp_mac bytes in,
    // tp_snaplen bytes kept of tp_len, the next tp_next_offset further. With
    // TP_STATUS_VLAN_VALID put the tag (TPID, hv1.tp_vlan_tci) back after the MACs, in
    // untagged_. Keep at most snaplen_ bytes; timestamps are tp_sec and tp_nsec / 1000.
    // Stop early when on_packet returns false. Hand the block back (TP_STATUS_KERNEL,
    // __atomic_store_n, release), move current_ on, and return the packets handled.
    (void)timeout_ms;
    (void)on_packet;
    (void)block(current_);
    (void)snaplen_;
    return 0;
}

}  // namespace datalink
