#include "np/checksum.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "np/bytes.hpp"

namespace {

template <class... T>
std::vector<std::byte> bytes(T... values) {
    return {std::byte(values)...};
}

// RFC 1071 section 3: these bytes sum to 0xddf2, so their checksum is its complement.
const std::vector<std::byte> kRfc1071Example =
    bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);

TEST(InternetChecksum, Rfc1071Example) {
    EXPECT_EQ(np::internet_checksum(kRfc1071Example), 0x220d);
    EXPECT_EQ(static_cast<std::uint16_t>(~np::internet_checksum(kRfc1071Example)), 0xddf2);
}

TEST(InternetChecksum, OddLengthPadsWithZero) {
    EXPECT_EQ(np::internet_checksum(bytes(0x12, 0x34, 0x56)),
              np::internet_checksum(bytes(0x12, 0x34, 0x56, 0x00)));
    EXPECT_EQ(np::internet_checksum(bytes(0x01)), 0xfeff);
}

TEST(InternetChecksum, EmptyDataAndAllZeros) {
    EXPECT_EQ(np::internet_checksum({}), 0xffff);
    EXPECT_EQ(np::internet_checksum(bytes(0, 0, 0, 0)), 0xffff);
}

TEST(InternetChecksum, CarriesFoldBackIn) {
    EXPECT_EQ(np::internet_checksum(bytes(0xff, 0xff, 0x00, 0x01)), 0xfffe);
}

TEST(InternetChecksum, DataWithItsChecksumSumsToZero) {
    std::array<std::byte, 10> packet{};
    np::ByteWriter writer(packet);
    writer.bytes(kRfc1071Example);
    writer.u16(0);
    writer.patch_u16(8, np::internet_checksum(writer.written()));
    EXPECT_EQ(packet[8], std::byte{0x22});
    EXPECT_EQ(packet[9], std::byte{0x0d});
    EXPECT_EQ(np::internet_checksum(packet), 0);
}

TEST(ChecksumAccumulator, PiecesEqualTheWhole) {
    np::ChecksumAccumulator sum;
    auto whole = std::span(kRfc1071Example);
    sum.add(whole.first(3));  // odd pieces must join byte by byte
    sum.add(whole.subspan(3, 2));
    sum.add(whole.subspan(5));
    EXPECT_EQ(sum.finish(), 0x220d);
}

TEST(ChecksumAccumulator, AddsWordsInNetworkOrder) {
    np::ChecksumAccumulator sum;
    sum.add_u16(0x0001);
    sum.add_u32(0xf203f4f5);
    sum.add_u16(0xf6f7);
    EXPECT_EQ(sum.finish(), 0x220d);
}

TEST(ChecksumAccumulator, FinishCanBeCalledAgain) {
    np::ChecksumAccumulator sum;
    sum.add(kRfc1071Example);
    EXPECT_EQ(sum.finish(), sum.finish());
}

}  // namespace
