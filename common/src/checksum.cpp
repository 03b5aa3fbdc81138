#include "np/checksum.hpp"

#include <array>

namespace np {

std::uint16_t internet_checksum(std::span<const std::byte> data) {
    ChecksumAccumulator sum;
    sum.add(data);
    return sum.finish();
}

void ChecksumAccumulator::add(std::span<const std::byte> data) {
    for (std::byte b : data) {
        auto value = std::to_integer<std::uint64_t>(b);
        sum_ += odd_ ? value : value << 8;
        odd_ = !odd_;
    }
}

void ChecksumAccumulator::add_u16(std::uint16_t value) {
    std::array bytes{std::byte(value >> 8), std::byte(value & 0xff)};
    add(bytes);
}

void ChecksumAccumulator::add_u32(std::uint32_t value) {
    add_u16(static_cast<std::uint16_t>(value >> 16));
    add_u16(static_cast<std::uint16_t>(value & 0xffff));
}

std::uint16_t ChecksumAccumulator::finish() const {
    // Fold the carries back in: that is what makes the sum a ones' complement sum.
    std::uint64_t sum = sum_;
    while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace np
