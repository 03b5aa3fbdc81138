#include "pcap_file.hpp"

#include <cstring>

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

}  // namespace datalink
