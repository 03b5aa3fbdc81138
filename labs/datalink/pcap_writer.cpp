// PcapWriter: a pcap file, its header first, then one record per packet (the headers
// come from pcap_file_header and pcap_record_header).

#include <cstdio>
#include <string>

#include "np/check.hpp"
#include "pcap_file.hpp"

namespace datalink {

PcapWriter::PcapWriter(const std::string& path, std::uint32_t snaplen, std::uint32_t linktype)
    : path_(path), snaplen_(snaplen) {
    file_ = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
    if (!file_) np::throw_errno(path);
    put(pcap_file_header(snaplen, linktype));
}

PcapWriter::~PcapWriter() {
    if (file_ && file_ != stdout) std::fclose(file_);
    if (file_ == stdout) std::fflush(stdout);
}

void PcapWriter::write(std::uint32_t seconds, std::uint32_t microseconds,
                       std::span<const std::byte> captured, std::uint32_t wire_length) {
    if (captured.size() > snaplen_) captured = captured.first(snaplen_);
    const auto length = static_cast<std::uint32_t>(captured.size());
    put(pcap_record_header(seconds, microseconds, length, wire_length));
    put(captured);
}

void PcapWriter::flush() {
    if (std::fflush(file_) != 0) np::throw_errno(path_);
}

void PcapWriter::put(std::span<const std::byte> bytes) {
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        np::throw_errno(path_);
    }
}

}  // namespace datalink
