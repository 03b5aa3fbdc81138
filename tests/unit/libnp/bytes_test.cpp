#include "np/bytes.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "np/error.hpp"

namespace {

template <class... T>
std::vector<std::byte> bytes(T... values) {
    return {std::byte(values)...};
}

TEST(ByteReader, ReadsBigEndian) {
    auto data = bytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
                      0x0e, 0x0f);
    np::ByteReader reader(data);
    EXPECT_EQ(reader.u8(), 0x01);
    EXPECT_EQ(reader.u16(), 0x0203);
    EXPECT_EQ(reader.u32(), 0x04050607u);
    EXPECT_EQ(reader.u64(), 0x08090a0b0c0d0e0full);
    EXPECT_EQ(reader.remaining(), 0u);
    EXPECT_EQ(reader.offset(), 15u);
}

TEST(ByteReader, BytesSkipAndRest) {
    auto data = bytes(1, 2, 3, 4, 5);
    np::ByteReader reader(data);
    auto two = reader.bytes(2);
    EXPECT_EQ(two.data(), data.data());  // a view, not a copy
    EXPECT_EQ(two.size(), 2u);
    reader.skip(1);
    EXPECT_EQ(reader.offset(), 3u);
    EXPECT_EQ(reader.rest().size(), 2u);
    EXPECT_EQ(reader.rest()[0], std::byte{4});
    EXPECT_EQ(reader.remaining(), 2u);  // rest() does not consume
}

TEST(ByteReader, SubReadsANestedPartAndSkipsIt) {
    auto data = bytes(0xaa, 0xbb, 0xcc, 0xdd);
    np::ByteReader reader(data);
    np::ByteReader inner = reader.sub(2);
    EXPECT_EQ(reader.u16(), 0xccdd);
    EXPECT_EQ(inner.u16(), 0xaabb);
    EXPECT_THROW(inner.u8(), np::ParseError);  // the inner reader ends where its part does
}

TEST(ByteReader, ShortInputThrowsAndConsumesNothing) {
    auto data = bytes(1, 2, 3);
    np::ByteReader reader(data);
    EXPECT_THROW(reader.u32(), np::ParseError);
    EXPECT_EQ(reader.offset(), 0u);
    reader.skip(2);
    EXPECT_THROW(reader.u16(), np::ParseError);
    EXPECT_THROW(reader.bytes(2), np::ParseError);
    EXPECT_THROW(reader.skip(2), np::ParseError);
    EXPECT_THROW(reader.sub(2), np::ParseError);
    EXPECT_EQ(reader.u8(), 3);
    EXPECT_THROW(reader.u8(), np::ParseError);
}

TEST(ByteReader, EmptyInput) {
    np::ByteReader reader(std::span<const std::byte>{});
    EXPECT_EQ(reader.remaining(), 0u);
    EXPECT_THROW(reader.u8(), np::ParseError);
    EXPECT_NO_THROW(reader.bytes(0));
}

TEST(ByteReader, HugeLengthDoesNotWrapAround) {
    auto data = bytes(1, 2);
    np::ByteReader reader(data);
    reader.u8();
    EXPECT_THROW(reader.bytes(SIZE_MAX), np::ParseError);
}

TEST(ByteWriter, WritesBigEndian) {
    std::array<std::byte, 15> buffer{};
    np::ByteWriter writer(buffer);
    writer.u8(0x01);
    writer.u16(0x0203);
    writer.u32(0x04050607);
    writer.u64(0x08090a0b0c0d0e0f);
    EXPECT_EQ(writer.size(), 15u);
    for (unsigned i = 0; i < buffer.size(); ++i) EXPECT_EQ(buffer[i], std::byte(i + 1)) << i;
}

TEST(ByteWriter, BytesZerosAndWritten) {
    std::array<std::byte, 8> buffer;
    buffer.fill(std::byte{0xff});
    np::ByteWriter writer(buffer);
    writer.bytes(np::as_bytes("hi"));
    writer.zeros(3);
    auto written = writer.written();
    EXPECT_EQ(written.data(), buffer.data());
    EXPECT_EQ(written.size(), 5u);
    EXPECT_EQ(written[0], std::byte{'h'});
    EXPECT_EQ(written[1], std::byte{'i'});
    EXPECT_EQ(written[4], std::byte{0});
    EXPECT_EQ(buffer[5], std::byte{0xff});  // nothing past what was written
}

TEST(ByteWriter, PatchesAWrittenField) {
    std::array<std::byte, 4> buffer{};
    np::ByteWriter writer(buffer);
    writer.u16(0);
    writer.u16(0x5678);
    writer.patch_u16(0, 0x1234);
    EXPECT_EQ(buffer[0], std::byte{0x12});
    EXPECT_EQ(buffer[1], std::byte{0x34});
    EXPECT_EQ(writer.size(), 4u);
    EXPECT_THROW(writer.patch_u16(3, 0), std::length_error);
}

TEST(ByteWriter, PatchBeyondWhatWasWrittenThrows) {
    std::array<std::byte, 4> buffer{};
    np::ByteWriter writer(buffer);
    writer.u8(0);
    EXPECT_THROW(writer.patch_u16(0, 0), std::length_error);
    EXPECT_THROW(writer.patch_u16(SIZE_MAX, 0), std::length_error);
}

TEST(ByteWriter, OverflowThrowsAndWritesNothing) {
    std::array<std::byte, 3> buffer{};
    np::ByteWriter writer(buffer);
    writer.u16(0xabcd);
    EXPECT_THROW(writer.u16(0x1111), std::length_error);
    EXPECT_THROW(writer.u32(0x1111), std::length_error);
    EXPECT_THROW(writer.zeros(2), std::length_error);
    EXPECT_EQ(writer.size(), 2u);
    EXPECT_EQ(buffer[2], std::byte{0});
    writer.u8(1);
    EXPECT_THROW(writer.u8(1), std::length_error);
}

TEST(ByteWriter, RoundTripsThroughAReader) {
    std::array<std::byte, 7> buffer{};
    np::ByteWriter writer(buffer);
    writer.u8(8);
    writer.u16(0xbeef);
    writer.u32(0xdeadbeef);
    np::ByteReader reader(writer.written());
    EXPECT_EQ(reader.u8(), 8);
    EXPECT_EQ(reader.u16(), 0xbeef);
    EXPECT_EQ(reader.u32(), 0xdeadbeefu);
}

TEST(AsBytes, ViewsTheCharacters) {
    auto view = np::as_bytes("abc");
    ASSERT_EQ(view.size(), 3u);
    EXPECT_EQ(view[2], std::byte{'c'});
}

}  // namespace
