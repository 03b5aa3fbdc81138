#include "packet_sink.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <stdexcept>

namespace datalink {

namespace {

std::string counted(std::uint64_t n, const std::string& what) {
    return std::to_string(n) + (n == 1 ? " packet " : " packets ") + what + "\n";
}

}  // namespace

std::string counts_text(const CaptureCounts& counts) {
    return counted(counts.captured, "captured") + counted(counts.received, "received by filter") +
           counted(counts.dropped, "dropped by kernel");
}

std::string link_type_text(int link_type) {
    const char* name = pcap_datalink_val_to_name(link_type);
    const char* description = pcap_datalink_val_to_description(link_type);
    if (!name) return "DLT " + std::to_string(link_type);
    return std::string(name) + " (" + (description ? description : "?") + ")";
}

PacketSink::PacketSink(const CaptureOptions& options, std::uint32_t snaplen, int link_type)
    : packet_buffered_(options.packet_buffered),
      printer_(Style{options.link_header, options.quiet}) {
    if (!options.write_file.empty()) {
        writer_ = std::make_unique<PcapWriter>(options.write_file, snaplen,
                                               static_cast<std::uint32_t>(link_type));
    } else if (link_type != kLinkTypeEthernet) {
        throw std::runtime_error("cannot decode link-layer type " + link_type_text(link_type) +
                                 " (only Ethernet); write it to a file with -w");
    }
}

void PacketSink::take(const CapturedPacket& packet) {
    if (writer_) {
        writer_->write(static_cast<std::uint32_t>(packet.seconds), packet.microseconds, packet.data,
                       packet.wire_length);
        if (packet_buffered_) writer_->flush();
        return;
    }
    const std::string line =
        printer_.line(packet.seconds, packet.microseconds, packet.data, packet.wire_length) + "\n";
    std::fputs(line.c_str(), stdout);
}

void PacketSink::end_batch() {
    if (writer_) {
        writer_->flush();
    } else {
        std::fflush(stdout);
    }
}

}  // namespace datalink
