#include "pcap_file.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "np/check.hpp"

namespace datalink {

namespace {

// A field in this machine's byte order, which is what the pcap format asks of its writer.
template <class T>
[[maybe_unused]] void put_native(std::byte* at, T value) {
    std::memcpy(at, &value, sizeof value);
}

}  // namespace

std::array<std::byte, kPcapFileHeaderSize> pcap_file_header(std::uint32_t snaplen,
                                                            std::uint32_t linktype) {
    // TODO(student): 24 bytes in this machine's byte order (put_native): magic kPcapMagic,
    // version 2.4 (two 16-bit fields), timezone 0, accuracy 0, snaplen, link type.
    (void)snaplen;
    (void)linktype;
    return {};
}

std::array<std::byte, kPcapRecordHeaderSize> pcap_record_header(std::uint32_t seconds,
                                                                std::uint32_t microseconds,
                                                                std::uint32_t captured_length,
                                                                std::uint32_t wire_length) {
    // TODO(student): 16 bytes in this machine's byte order: seconds, microseconds, bytes
    // captured, bytes on the wire.
    (void)seconds;
    (void)microseconds;
    (void)captured_length;
    (void)wire_length;
    return {};
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
