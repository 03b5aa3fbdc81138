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
T read_struct(const std::byte* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

std::uint32_t* block_status(std::byte* block) {
    return reinterpret_cast<std::uint32_t*>(block + offsetof(tpacket_block_desc, hdr) +
                                            offsetof(tpacket_hdr_v1, block_status));
}

[[noreturn]] void fail(const std::string& what) { np::throw_errno(what); }

}  // namespace

PacketRing::PacketRing(const RingSettings& settings, const BpfProgram& filter)
    : block_size_(settings.block_size),
      block_count_(settings.block_count),
      snaplen_(settings.snaplen) {
    // Protocol 0: the socket receives nothing until bind() names ETH_P_ALL, so no packet
    // slips in before the filter is attached.
    socket_.reset(np::check(::socket(AF_PACKET, SOCK_RAW, 0), "socket(AF_PACKET)"));
    const int fd = socket_.get();

    const unsigned index = ::if_nametoindex(settings.interface.c_str());
    if (index == 0) fail(settings.interface);

    if (!filter.empty()) {
        sock_fprog program{static_cast<unsigned short>(filter.size()),
                           const_cast<sock_filter*>(filter.data())};
        np::check(::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program),
                  "setsockopt(SO_ATTACH_FILTER)");
    }

    int version = TPACKET_V3;
    np::check(::setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version),
              "setsockopt(PACKET_VERSION)");
    tpacket_req3 request{};
    request.tp_block_size = static_cast<unsigned>(block_size_);
    request.tp_block_nr = static_cast<unsigned>(block_count_);
    request.tp_frame_size = TPACKET_ALIGNMENT << 7;  // only checked, V3 packs frames
    request.tp_frame_nr = request.tp_block_size / request.tp_frame_size * request.tp_block_nr;
    request.tp_retire_blk_tov = settings.block_timeout_ms;
    np::check(::setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &request, sizeof request),
              "setsockopt(PACKET_RX_RING)");
    void* map = ::mmap(nullptr, block_size_ * block_count_, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_LOCKED, fd, 0);
    if (map == MAP_FAILED) {
        map =
            ::mmap(nullptr, block_size_ * block_count_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    if (map == MAP_FAILED) fail("mmap of the ring");
    ring_ = static_cast<std::byte*>(map);

    if (settings.promiscuous) {
        packet_mreq membership{};
        membership.mr_ifindex = static_cast<int>(index);
        membership.mr_type = PACKET_MR_PROMISC;
        np::check(
            ::setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership),
            "setsockopt(PACKET_ADD_MEMBERSHIP)");
    }

    sockaddr_ll address{};
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = static_cast<int>(index);
    np::check(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address),
              "bind " + settings.interface);
}

std::size_t PacketRing::next_block(int timeout_ms,
                                   const std::function<bool(const CapturedPacket&)>& on_packet) {
    std::byte* current = block(current_);
    if ((__atomic_load_n(block_status(current), __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0) {
        pollfd wait{socket_.get(), POLLIN | POLLERR, 0};
        const int ready = ::poll(&wait, 1, timeout_ms);
        if (ready < 0 && errno == EINTR) return 0;
        np::check(ready, "poll");
        if ((__atomic_load_n(block_status(current), __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0) {
            return 0;
        }
    }

    const auto descriptor = read_struct<tpacket_block_desc>(current);
    const tpacket_hdr_v1& header = descriptor.hdr.bh1;
    std::size_t offset = header.offset_to_first_pkt;
    std::size_t handled = 0;
    for (std::uint32_t i = 0; i < header.num_pkts; ++i) {
        const auto packet_header = read_struct<tpacket3_hdr>(current + offset);
        const std::byte* frame = current + offset + packet_header.tp_mac;
        std::span<const std::byte> data(frame, packet_header.tp_snaplen);
        std::uint32_t wire_length = packet_header.tp_len;
        if (packet_header.tp_status & TP_STATUS_VLAN_VALID) {
            // The device took the 802.1Q tag off into metadata: put it back after the two
            // addresses, so the frame is what was on the wire (as libpcap does).
            const std::uint16_t tpid = (packet_header.tp_status & TP_STATUS_VLAN_TPID_VALID)
                                           ? packet_header.hv1.tp_vlan_tpid
                                           : ETH_P_8021Q;
            const std::uint16_t tci = packet_header.hv1.tp_vlan_tci;
            const std::size_t split = std::min<std::size_t>(12, data.size());
            untagged_.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(split));
            for (std::uint16_t field : {tpid, tci}) {
                untagged_.push_back(std::byte(field >> 8));
                untagged_.push_back(std::byte(field & 0xff));
            }
            untagged_.insert(untagged_.end(), data.begin() + static_cast<std::ptrdiff_t>(split),
                             data.end());
            data = untagged_;
            wire_length += 4;
        }
        if (data.size() > snaplen_) data = data.first(snaplen_);
        CapturedPacket packet;
        packet.seconds = packet_header.tp_sec;
        packet.microseconds = packet_header.tp_nsec / 1000;
        packet.data = data;
        packet.wire_length = wire_length;
        ++handled;
        if (!on_packet(packet)) break;
        offset += packet_header.tp_next_offset;
    }
    // The block is the kernel's again.
    __atomic_store_n(block_status(current), TP_STATUS_KERNEL, __ATOMIC_RELEASE);
    current_ = (current_ + 1) % block_count_;
    return handled;
}

}  // namespace datalink
