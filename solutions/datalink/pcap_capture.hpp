#pragma once
// np-capture's use of libpcap: open a device (or a file), compile and set a filter, and
// loop handing each packet to a callback; the kernel's counts at the end.

#include <pcap/pcap.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"
#include "packet_sink.hpp"

namespace datalink {

class PcapCapture {
public:
    // A live capture on options.interface with its snapshot length, promiscuous mode and
    // buffer size. Throws std::runtime_error with libpcap's message.
    static PcapCapture live(const CaptureOptions& options);
    // Packets from a pcap file.
    static PcapCapture offline(const std::string& path);

    PcapCapture(PcapCapture&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
    PcapCapture& operator=(PcapCapture&&) = delete;
    ~PcapCapture();

    // Compiles the expression for this capture's link type and installs it: in the kernel
    // for a live capture, in libpcap for a file. Throws std::runtime_error for a bad one.
    void set_filter(const std::string& expression);

    int link_type() const;
    std::uint32_t snaplen() const;

    // Hands packets to on_packet, batch after batch (after_batch after each), until
    // `count` packets have come, the file ends, or stop() is called. Returns how many
    // came. Throws std::runtime_error on a capture error (a truncated file, say).
    std::uint64_t run(std::optional<std::uint64_t> count,
                      const std::function<void(const CapturedPacket&)>& on_packet,
                      const std::function<void()>& after_batch);
    // Makes run() return; safe to call from a signal handler.
    void stop();

    // The kernel's counts of a live capture (received by filter, dropped).
    CaptureCounts counts() const;

private:
    explicit PcapCapture(pcap_t* handle) : handle_(handle) {}
    pcap_t* handle_;
};

// The devices for -D, as "1.eth0", "2.any (Pseudo-device ...)".
std::vector<std::string> list_devices();

}  // namespace datalink
