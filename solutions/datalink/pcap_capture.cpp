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

PcapCapture PcapCapture::offline(const std::string& path) {
    char error[PCAP_ERRBUF_SIZE] = "";
    pcap_t* handle = pcap_open_offline(path.c_str(), error);
    if (!handle) throw std::runtime_error(error);
    return PcapCapture(handle);
}

PcapCapture::~PcapCapture() {
    if (handle_) pcap_close(handle_);
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

int PcapCapture::link_type() const { return pcap_datalink(handle_); }

std::uint32_t PcapCapture::snaplen() const {
    return static_cast<std::uint32_t>(pcap_snapshot(handle_));
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

void PcapCapture::stop() { pcap_breakloop(handle_); }

CaptureCounts PcapCapture::counts() const {
    pcap_stat stat{};
    CaptureCounts counts;
    if (pcap_stats(handle_, &stat) == 0) {
        counts.received = stat.ps_recv;
        counts.dropped = stat.ps_drop;
    }
    return counts;
}

namespace {

// tcpdump -D's bracket: "Up, Running, Connected", "Up, Running, Loopback", "none".
std::string device_flags(bpf_u_int32 flags) {
    std::vector<std::string> words;
    if (flags & PCAP_IF_UP) words.push_back("Up");
    if (flags & PCAP_IF_RUNNING) words.push_back("Running");
    if (flags & PCAP_IF_WIRELESS) words.push_back("Wireless");
    if (flags & PCAP_IF_LOOPBACK) words.push_back("Loopback");
    switch (flags & PCAP_IF_CONNECTION_STATUS) {
        case PCAP_IF_CONNECTION_STATUS_CONNECTED:
            words.push_back("Connected");
            break;
        case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
            words.push_back("Disconnected");
            break;
        default:
            break;
    }
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : ", ") + word;
    return text.empty() ? "none" : text;
}

}  // namespace

std::vector<std::string> list_devices() {
    char error[PCAP_ERRBUF_SIZE] = "";
    pcap_if_t* devices = nullptr;
    if (pcap_findalldevs(&devices, error) != 0) throw std::runtime_error(error);
    std::vector<std::string> lines;
    int index = 1;
    for (pcap_if_t* device = devices; device; device = device->next) {
        std::string line = std::to_string(index++) + "." + device->name;
        if (device->description) line += std::string(" (") + device->description + ")";
        lines.push_back(line + " [" + device_flags(device->flags) + "]");
    }
    pcap_freealldevs(devices);
    return lines;
}

}  // namespace datalink
