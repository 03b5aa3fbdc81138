#include "pcap_file.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "np/check.hpp"

namespace datalink {

namespace {

// A field in this machine's byte order, which is what the pcap format asks of its writer.
template <class T>
void put_native(std::byte* at, T value) {
    std::memcpy(at, &value, sizeof value);
}

}  // namespace

std::array<std::byte, kPcapFileHeaderSize> pcap_file_header(std::uint32_t snaplen,
                                                            std::uint32_t linktype) {
    std::array<std::byte, kPcapFileHeaderSize> header{};
    put_native(&header[0], kPcapMagic);
    put_native(&header[4], kPcapVersionMajor);
    put_native(&header[6], kPcapVersionMinor);
    put_native(&header[8], std::int32_t{0});    // timezone offset: timestamps are UTC
    put_native(&header[12], std::uint32_t{0});  // timestamp accuracy: unused
    put_native(&header[16], snaplen);
    put_native(&header[20], linktype);
    return header;
}

std::array<std::byte, kPcapRecordHeaderSize> pcap_record_header(std::uint32_t seconds,
                                                                std::uint32_t microseconds,
                                                                std::uint32_t captured_length,
                                                                std::uint32_t wire_length) {
    std::array<std::byte, kPcapRecordHeaderSize> header{};
    put_native(&header[0], seconds);
    put_native(&header[4], microseconds);
    put_native(&header[8], captured_length);
    put_native(&header[12], wire_length);
    return header;
}

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
