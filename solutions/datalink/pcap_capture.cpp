#include "pcap_capture.hpp"

#include <stdexcept>

namespace datalink {

namespace {

// How long the kernel may hold packets before it wakes us (TPACKET_V3's block timeout in
// libpcap on Linux): short, so that lines appear while you watch.
constexpr int kTimeoutMs = 100;

[[noreturn]] void fail(pcap_t* handle, const std::string& what) {
    throw std::runtime_error(what + ": " + pcap_geterr(handle));
}

struct LoopState {
    const std::function<void(const CapturedPacket&)>* on_packet;
    std::uint64_t delivered = 0;
};

// libpcap calls this for each packet: a C callback with our state in `user`.
void deliver(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto* state = reinterpret_cast<LoopState*>(user);
    CapturedPacket packet;
    packet.seconds = header->ts.tv_sec;
    packet.microseconds = static_cast<std::uint32_t>(header->ts.tv_usec);
    packet.data = std::span(reinterpret_cast<const std::byte*>(bytes), header->caplen);
    packet.wire_length = header->len;
    (*state->on_packet)(packet);
    ++state->delivered;
}

}  // namespace

PcapCapture PcapCapture::live(const CaptureOptions& options) {
    char error[PCAP_ERRBUF_SIZE] = "";
    pcap_t* handle = pcap_create(options.interface.c_str(), error);
    if (!handle) throw std::runtime_error(error);
    PcapCapture capture(handle);
    pcap_set_snaplen(handle, static_cast<int>(options.snaplen));
    pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
    pcap_set_timeout(handle, kTimeoutMs);
    pcap_set_buffer_size(handle, static_cast<int>(options.buffer_kib) * 1024);
    const int status = pcap_activate(handle);
    if (status < 0) fail(handle, options.interface);
    return capture;
}

void PcapCapture::set_filter(const std::string& expression) {
    bpf_program program{};
    if (pcap_compile(handle_, &program, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
        fail(handle_, "bad filter '" + expression + "'");
    }
    const int status = pcap_setfilter(handle_, &program);
    pcap_freecode(&program);
    if (status != 0) fail(handle_, "cannot set the filter");
}

std::uint64_t PcapCapture::run(std::optional<std::uint64_t> count,
                               const std::function<void(const CapturedPacket&)>& on_packet,
                               const std::function<void()>& after_batch) {
    LoopState state{&on_packet};
    const bool from_file = pcap_file(handle_) != nullptr;
    while (!count || state.delivered < *count) {
        // pcap_dispatch hands over what one read brought (one TPACKET_V3 block, or a
        // buffer of the file), at most `wanted` packets; -1 means all of it.
        const int wanted =
            count ? static_cast<int>(std::min<std::uint64_t>(*count - state.delivered, 1 << 30))
                  : -1;
        const int got = pcap_dispatch(handle_, wanted, deliver, reinterpret_cast<u_char*>(&state));
        after_batch();
        if (got == PCAP_ERROR_BREAK) break;  // stop() was called
        if (got == PCAP_ERROR) throw std::runtime_error(pcap_geterr(handle_));
        if (got == 0 && from_file) break;  // end of the file
    }
    return state.delivered;
}

}  // namespace datalink
