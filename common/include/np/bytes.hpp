#pragma once
// Reading and writing packets field by field in network (big-endian) byte order.
// Parsing through a reader instead of casting a buffer to a struct avoids alignment and
// byte-order bugs, and a short packet becomes an error instead of a read past its end.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace np {

// Reads from the front of a byte span; every read past the end throws np::ParseError.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> data) noexcept : data_(data) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    // The next n bytes, consumed; the span points into the original data.
    std::span<const std::byte> bytes(std::size_t n);
    void skip(std::size_t n);
    // A reader over the next n bytes, which this reader skips: for a header's nested part.
    ByteReader sub(std::size_t n);

    std::size_t remaining() const noexcept { return data_.size() - offset_; }
    // Bytes consumed so far, counted from the start of the data.
    std::size_t offset() const noexcept { return offset_; }
    // The bytes not consumed yet; does not consume them.
    std::span<const std::byte> rest() const noexcept { return data_.subspan(offset_); }

private:
    std::span<const std::byte> take(std::size_t n);

    std::span<const std::byte> data_;
    std::size_t offset_ = 0;
};

// Appends to a caller's buffer; writing past its end throws std::length_error.
class ByteWriter {
public:
    explicit ByteWriter(std::span<std::byte> buffer) noexcept : buffer_(buffer) {}

    void u8(std::uint8_t value);
    void u16(std::uint16_t value);
    void u32(std::uint32_t value);
    void u64(std::uint64_t value);
    void bytes(std::span<const std::byte> data);
    void zeros(std::size_t n);
    // Overwrites 2 already written bytes at `offset`: for a checksum computed afterwards.
    void patch_u16(std::size_t offset, std::uint16_t value);

    // Bytes written so far.
    std::size_t size() const noexcept { return size_; }
    std::span<std::byte> written() const noexcept { return buffer_.first(size_); }

private:
    std::span<std::byte> place(std::size_t n);

    std::span<std::byte> buffer_;
    std::size_t size_ = 0;
};

// The characters of `text` as bytes, e.g. to put a string into a packet.
std::span<const std::byte> as_bytes(std::string_view text) noexcept;

}  // namespace np
