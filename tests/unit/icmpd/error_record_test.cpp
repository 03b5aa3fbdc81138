// The fixed layout of np-icmpd's error records.

#include "error_record.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "np/error.hpp"

namespace {

using icmpd::ErrorRecord;

std::vector<int> as_ints(std::span<const std::byte> bytes) {
    std::vector<int> out;
    for (std::byte b : bytes) out.push_back(std::to_integer<int>(b));
    return out;
}

TEST(ErrorRecord, LayoutIsFixedAndRoundTrips) {
    ErrorRecord record;
    record.error = EMSGSIZE;  // 90 on Linux
    record.type = 3;
    record.code = 4;
    record.mtu = 1280;
    record.destination = *np::SocketAddress::parse_numeric("10.0.2.2", 9);
    const auto bytes = icmpd::encode_record(record);
    EXPECT_EQ(as_ints(bytes), (std::vector<int>{0,  0, 0, EMSGSIZE, 3, 4, 0, 4,  //
                                                0,  0, 5, 0,        0, 9, 0, 0,  //
                                                10, 0, 2, 2,        0, 0, 0, 0,  //
                                                0,  0, 0, 0,        0, 0, 0, 0}))
        << "the record of EMSGSIZE, ICMP 3/4, MTU 1280, for 10.0.2.2 port 9: errno (32 bits), "
           "type, code, family (16 bits), MTU (32 bits), port, 2 zero bytes, 16 address bytes, all "
           "big-endian";
    const ErrorRecord back = icmpd::decode_record(bytes);
    EXPECT_EQ(back.error, EMSGSIZE) << "decoding that record back: the errno";
    EXPECT_EQ(back.type, 3) << "decoding that record back: the type";
    EXPECT_EQ(back.code, 4) << "decoding that record back: the code";
    EXPECT_EQ(back.mtu, 1280u) << "decoding that record back: the MTU";
    EXPECT_EQ(back.destination.to_string(), "10.0.2.2:9")
        << "decoding that record back: the destination";
    EXPECT_EQ(icmpd::error_line(back), "10.0.2.2:9: Message too long (ICMP type 3 code 4) mtu 1280")
        << "the line printed for that record";

    ErrorRecord v6;
    v6.error = ECONNREFUSED;
    v6.type = 1;
    v6.code = 4;
    v6.destination = *np::SocketAddress::parse_numeric("fd00:0:0:2::2", 5000);
    const auto bytes6 = icmpd::encode_record(v6);
    EXPECT_EQ(std::to_integer<int>(bytes6[7]), 6)
        << "a record for fd00:0:0:2::2 port 5000: the family byte is 6";
    EXPECT_EQ(std::to_integer<int>(bytes6[16]), 0xfd)
        << "a record for fd00:0:0:2::2: the address starts at byte 16";
    EXPECT_EQ(std::to_integer<int>(bytes6[31]), 2)
        << "a record for fd00:0:0:2::2: the address ends at byte 31";
    EXPECT_EQ(icmpd::decode_record(bytes6).destination.to_string(), "[fd00:0:0:2::2]:5000")
        << "decoding the IPv6 record back: the destination";
}

TEST(ErrorRecord, MalformedRecordsRejected) {
    ErrorRecord record;
    record.error = ECONNREFUSED;
    record.destination = *np::SocketAddress::parse_numeric("10.0.2.2", 9);
    auto bytes = icmpd::encode_record(record);
    EXPECT_THROW(icmpd::decode_record(std::span(bytes).first(31)), np::ParseError)
        << "decoding 31 bytes: a record is 32";
    auto bad_family = bytes;
    bad_family[7] = std::byte{5};
    EXPECT_THROW(icmpd::decode_record(bad_family), np::ParseError)
        << "decoding a record whose family byte is 5, neither 4 nor 6";
    auto bad_reserved = bytes;
    bad_reserved[15] = std::byte{1};
    EXPECT_THROW(icmpd::decode_record(bad_reserved), np::ParseError)
        << "decoding a record whose reserved byte 15 is 1, not 0";
}

}  // namespace
