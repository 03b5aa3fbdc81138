#pragma once
// Writing the classic pcap file format (what tcpdump -w writes), without libpcap:
//
//   file header, 24 bytes: magic 0xa1b2c3d4 (microsecond timestamps), version 2.4,
//     timezone offset 0, timestamp accuracy 0, snapshot length, link-layer type
//   then per packet, 16 bytes: seconds, microseconds, bytes captured, bytes on the wire;
//     followed by the captured bytes.
//
// Every field is written in the writer's own byte order: a reader recognises the magic
// either as 0xa1b2c3d4 (same order) or as 0xd4c3b2a1 (swap every field).

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace datalink {

inline constexpr std::uint32_t kPcapMagic = 0xa1b2c3d4;
inline constexpr std::uint16_t kPcapVersionMajor = 2;
inline constexpr std::uint16_t kPcapVersionMinor = 4;
inline constexpr std::size_t kPcapFileHeaderSize = 24;
inline constexpr std::size_t kPcapRecordHeaderSize = 16;

std::array<std::byte, kPcapFileHeaderSize> pcap_file_header(std::uint32_t snaplen,
                                                            std::uint32_t linktype);
std::array<std::byte, kPcapRecordHeaderSize> pcap_record_header(std::uint32_t seconds,
                                                                std::uint32_t microseconds,
                                                                std::uint32_t captured_length,
                                                                std::uint32_t wire_length);

class PcapWriter {
public:
    // Creates (or truncates) path, "-" meaning stdout, and writes the file header.
    // Throws std::system_error when the file cannot be opened or written.
    PcapWriter(const std::string& path, std::uint32_t snaplen, std::uint32_t linktype);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // One packet: its record header, then the captured bytes (at most the snapshot length).
    void write(std::uint32_t seconds, std::uint32_t microseconds,
               std::span<const std::byte> captured, std::uint32_t wire_length);
    // Hands what is buffered to the kernel (-U: after every packet).
    void flush();

private:
    void put(std::span<const std::byte> bytes);

    std::string path_;
    std::FILE* file_ = nullptr;
    std::uint32_t snaplen_ = 0;
};

}  // namespace datalink
