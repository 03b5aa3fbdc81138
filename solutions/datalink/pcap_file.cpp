#include "pcap_file.hpp"

#include <cstring>

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

}  // namespace datalink
