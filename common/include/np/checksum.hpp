#pragma once
// The Internet checksum of RFC 1071 (IP, ICMP, UDP, TCP): the ones' complement of the
// ones' complement sum of the data taken as big-endian 16-bit words.

#include <cstddef>
#include <cstdint>
#include <span>

namespace np {

// The checksum of `data` (an odd last byte is padded with a zero). The value is in host
// order and meant for ByteWriter::patch_u16. Data that includes a correct checksum sums to 0.
std::uint16_t internet_checksum(std::span<const std::byte> data);

// Sums pieces that are not contiguous, e.g. a pseudo-header and then the segment.
// Pieces may have odd lengths: their bytes join as if they had been one buffer.
class ChecksumAccumulator {
public:
    void add(std::span<const std::byte> data);
    void add_u16(std::uint16_t value);
    void add_u32(std::uint32_t value);
    // The checksum of everything added so far.
    std::uint16_t finish() const;

private:
    std::uint64_t sum_ = 0;
    bool odd_ = false;  // the last byte added was the high half of a word
};

}  // namespace np
