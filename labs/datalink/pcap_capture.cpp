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
    // TODO(student): pcap_compile (optimized, PCAP_NETMASK_UNKNOWN), pcap_setfilter,
    // pcap_freecode. A bad expression: fail(handle_, "bad filter '" + expression + "'").
    (void)expression;
}

int PcapCapture::link_type() const { return pcap_datalink(handle_); }

std::uint32_t PcapCapture::snaplen() const {
    return static_cast<std::uint32_t>(pcap_snapshot(handle_));
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
