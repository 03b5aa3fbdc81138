#pragma once
// Where captured packets go, the same for both tools: a tcpdump -n line on stdout, or a
// record in the -w pcap file. And the counts printed when a live capture ends.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "options.hpp"
#include "packet_printer.hpp"
#include "pcap_file.hpp"

namespace datalink {

// One packet as a capture hands it over.
struct CapturedPacket {
    std::int64_t seconds = 0;
    std::uint32_t microseconds = 0;
    std::span<const std::byte> data;  // the bytes kept (at most the snapshot length)
    std::uint32_t wire_length = 0;    // the packet's length on the wire
};

struct CaptureCounts {
    std::uint64_t captured = 0;  // handed to us
    std::uint64_t received = 0;  // accepted by the filter, as the kernel counts
    std::uint64_t dropped = 0;   // accepted but lost: the buffer was full
};

// tcpdump's three lines: "3 packets captured", "1 packet received by filter", ...
std::string counts_text(const CaptureCounts& counts);

// "EN10MB (Ethernet)": how tcpdump names a link-layer type in its first line.
std::string link_type_text(int link_type);

class PacketSink {
public:
    // Opens the -w file, if any; otherwise packets are printed, which needs Ethernet.
    PacketSink(const CaptureOptions& options, std::uint32_t snaplen, int link_type);

    void take(const CapturedPacket& packet);
    // After each batch of packets: what is buffered goes out, so that a reader of the
    // output (a person, a test) sees it now.
    void end_batch();

private:
    bool packet_buffered_;
    PacketPrinter printer_;
    std::unique_ptr<PcapWriter> writer_;
};

}  // namespace datalink
