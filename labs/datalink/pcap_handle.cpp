// What np-capture asks of a libpcap handle besides the live capture: a file to read, the
// handle's link type and snapshot length, stopping, the kernel's counts; and the devices
// that -D lists.

#include <stdexcept>
#include <string>
#include <vector>

#include "pcap_capture.hpp"

namespace datalink {

PcapCapture PcapCapture::offline(const std::string& path) {
    char error[PCAP_ERRBUF_SIZE] = "";
    pcap_t* handle = pcap_open_offline(path.c_str(), error);
    if (!handle) throw std::runtime_error(error);
    return PcapCapture(handle);
}

PcapCapture::~PcapCapture() {
    if (handle_) pcap_close(handle_);
}

int PcapCapture::link_type() const { return pcap_datalink(handle_); }

std::uint32_t PcapCapture::snaplen() const {
    return static_cast<std::uint32_t>(pcap_snapshot(handle_));
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
