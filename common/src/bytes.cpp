#include "np/bytes.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "np/error.hpp"

namespace np {

namespace {

// The unsigned number in `bytes`, most significant byte first.
std::uint64_t big_endian(std::span<const std::byte> bytes) {
    std::uint64_t value = 0;
    for (std::byte b : bytes) value = value << 8 | std::to_integer<std::uint64_t>(b);
    return value;
}

// Stores the low `out.size()` bytes of `value` into `out`, most significant byte first.
void store_big_endian(std::span<std::byte> out, std::uint64_t value) {
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
        *it = std::byte(value & 0xff);
        value >>= 8;
    }
}

}  // namespace

std::span<const std::byte> ByteReader::take(std::size_t n) {
    if (n > remaining()) {
        throw ParseError("truncated input: need " + std::to_string(n) + " bytes at offset " +
                         std::to_string(offset_) + ", have " + std::to_string(remaining()));
    }
    auto taken = data_.subspan(offset_, n);
    offset_ += n;
    return taken;
}

// Each read takes all its bytes at once, so a short input consumes nothing.
std::uint8_t ByteReader::u8() { return static_cast<std::uint8_t>(big_endian(take(1))); }
std::uint16_t ByteReader::u16() { return static_cast<std::uint16_t>(big_endian(take(2))); }
std::uint32_t ByteReader::u32() { return static_cast<std::uint32_t>(big_endian(take(4))); }
std::uint64_t ByteReader::u64() { return big_endian(take(8)); }

std::span<const std::byte> ByteReader::bytes(std::size_t n) { return take(n); }

void ByteReader::skip(std::size_t n) { take(n); }

ByteReader ByteReader::sub(std::size_t n) { return ByteReader(take(n)); }

std::span<std::byte> ByteWriter::place(std::size_t n) {
    if (n > buffer_.size() - size_) {
        throw std::length_error("packet buffer full: " + std::to_string(n) +
                                " more bytes do not fit in " + std::to_string(buffer_.size()));
    }
    auto placed = buffer_.subspan(size_, n);
    size_ += n;
    return placed;
}

void ByteWriter::u8(std::uint8_t value) { store_big_endian(place(1), value); }
void ByteWriter::u16(std::uint16_t value) { store_big_endian(place(2), value); }
void ByteWriter::u32(std::uint32_t value) { store_big_endian(place(4), value); }
void ByteWriter::u64(std::uint64_t value) { store_big_endian(place(8), value); }

void ByteWriter::bytes(std::span<const std::byte> data) {
    std::copy(data.begin(), data.end(), place(data.size()).begin());
}

void ByteWriter::zeros(std::size_t n) {
    auto b = place(n);
    std::fill(b.begin(), b.end(), std::byte{0});
}

void ByteWriter::patch_u16(std::size_t offset, std::uint16_t value) {
    if (offset > size_ || size_ - offset < 2) {
        throw std::length_error("patch_u16 at offset " + std::to_string(offset) +
                                " is outside the " + std::to_string(size_) + " bytes written");
    }
    store_big_endian(buffer_.subspan(offset, 2), value);
}

std::span<const std::byte> as_bytes(std::string_view text) noexcept {
    return std::as_bytes(std::span(text.data(), text.size()));
}

}  // namespace np
