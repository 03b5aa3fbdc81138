#include "pcap_capture.hpp"

#include <stdexcept>

namespace datalink {

namespace {

// How long the kernel may hold packets before it wakes us (TPACKET_V3's block timeout in
// libpcap on Linux): short, so that lines appear while you watch.
[[maybe_unused]] constexpr int kTimeoutMs = 100;

[[maybe_unused, noreturn]] void fail(pcap_t* handle, const std::string& what) {
    throw std::runtime_error(what + ": " + pcap_geterr(handle));
}

struct LoopState {
    const std::function<void(const CapturedPacket&)>* on_packet;
    std::uint64_t delivered = 0;
};

// libpcap calls this for each packet: a C callback with our state in `user`.
[[maybe_unused]] void deliver(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    // TODO(student): turn libpcap's header and bytes into a CapturedPacket (timestamp,
    // the caplen bytes kept, the len on the wire), hand it to *state->on_packet and count
    // it in state->delivered.
    (void)user;
    (void)header;
    (void)bytes;
}

}  // namespace

PcapCapture PcapCapture::live(const CaptureOptions& options) {
    // TODO(student): pcap_create(options.interface), then before pcap_activate: the
    // snapshot length, promiscuous mode, the timeout kTimeoutMs and the buffer size
    // (options.buffer_kib KiB). Wrap the handle in a PcapCapture at once (it closes it);
    // an error is fail(handle, interface) or std::runtime_error(errbuf).
    (void)options;
    throw std::runtime_error("TODO(student): PcapCapture::live");
}

void PcapCapture::set_filter(const std::string& expression) {
    // TODO(student): pcap_compile (optimized, PCAP_NETMASK_UNKNOWN), pcap_setfilter,
    // pcap_freecode. A bad expression: fail(handle_, "bad filter '" + expression + "'").
    (void)expression;
}

std::uint64_t PcapCapture::run(std::optional<std::uint64_t> count,
                               const std::function<void(const CapturedPacket&)>& on_packet,
                               const std::function<void()>& after_batch) {
    // TODO(student): pcap_dispatch in a loop, with deliver() as the callback and a LoopState
    // as its user pointer, asking for at most what -c still allows (-1: no limit). After
    // each call, after_batch(). Stop on PCAP_ERROR_BREAK (stop() was called), on 0 from a
    // file (its end, pcap_file() tells a file), or when count packets came; PCAP_ERROR:
    // std::runtime_error with pcap_geterr (a truncated file, say). Return the packets
    // delivered.
    (void)count;
    (void)on_packet;
    (void)after_batch;
    return 0;
}

}  // namespace datalink
