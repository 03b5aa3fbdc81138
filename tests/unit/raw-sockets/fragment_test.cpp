// Fragmenting by hand and the lines np-rawrecv prints.

#include "fragment.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "ip_header.hpp"
#include "np/error.hpp"
#include "report.hpp"

namespace {

using Bytes = std::vector<std::byte>;

raw::Ipv4Header header() {
    raw::Ipv4Header h;
    h.identification = 0x4242;
    h.protocol = 17;
    h.source = {std::byte{10}, std::byte{0}, std::byte{0}, std::byte{1}};
    h.destination = {std::byte{10}, std::byte{0}, std::byte{0}, std::byte{2}};
    return h;
}

Bytes payload(std::size_t size) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = std::byte(i * 7 & 0xff);
    return out;
}

TEST(Fragment, SplitsOn8ByteBoundaries) {
    const Bytes data = payload(3008);
    const auto fragments = raw::fragment_ipv4(header(), data, 1500);
    ASSERT_EQ(fragments.size(), 3u) << "3008 bytes of payload at MTU 1500: 1480 + 1480 + 48";
    const std::size_t sizes[] = {1500, 1500, 68};
    const std::size_t offsets[] = {0, 1480, 2960};
    Bytes joined;
    for (std::size_t i = 0; i < 3; ++i) {
        const Bytes& fragment = fragments[i];
        SCOPED_TRACE("fragment " + std::to_string(i) + " of 3008 bytes at MTU 1500");
        EXPECT_EQ(fragment.size(), sizes[i]) << "its size, header included";
        const raw::Ipv4Header h = raw::decode_ipv4_header(fragment);
        EXPECT_EQ(h.total_length, sizes[i]) << "its header's total length";
        EXPECT_EQ(h.fragment_offset, offsets[i]) << "its offset in bytes of the payload";
        EXPECT_EQ(h.more_fragments, i < 2) << "More-Fragments on all but the last";
        EXPECT_EQ(h.identification, 0x4242) << "one identification for all";
        joined.insert(joined.end(), fragment.begin() + 20, fragment.end());
    }
    EXPECT_EQ(joined, data) << "the fragments' payloads put together are the payload";

    // An MTU that is not 20 + a multiple of 8: the pieces shrink to one.
    const auto odd = raw::fragment_ipv4(header(), payload(100), 67);
    ASSERT_EQ(odd.size(), 3u) << "100 bytes at MTU 67: pieces of 40, 40 and 20";
    EXPECT_EQ(odd[0].size(), 60u) << "the first of 100 bytes at MTU 67: 20 + 40, not 20 + 47";
    EXPECT_EQ(raw::decode_ipv4_header(odd[1]).fragment_offset, 40)
        << "the offset of the second of 100 bytes at MTU 67";
}

TEST(Fragment, FitsOrRefuses) {
    const auto whole = raw::fragment_ipv4(header(), payload(1480), 1500);
    ASSERT_EQ(whole.size(), 1u) << "1480 bytes at MTU 1500 fit in one datagram";
    const raw::Ipv4Header h = raw::decode_ipv4_header(whole[0]);
    EXPECT_EQ(h.total_length, 1500) << "the total length of 1480 bytes in one datagram";
    EXPECT_FALSE(h.more_fragments) << "one datagram is not a fragment: no More-Fragments";
    EXPECT_EQ(h.fragment_offset, 0) << "one datagram is not a fragment: offset 0";

    raw::Ipv4Header df = header();
    df.dont_fragment = true;
    EXPECT_THROW(raw::fragment_ipv4(df, payload(1481), 1500), std::length_error)
        << "1481 bytes with Don't-Fragment at MTU 1500";
    EXPECT_THROW(raw::fragment_ipv4(header(), payload(65516), 1500), std::length_error)
        << "65516 bytes of payload: more than a datagram's 65535";
    EXPECT_THROW(raw::fragment_ipv4(header(), payload(100), 27), std::invalid_argument)
        << "MTU 27: no room for 8 bytes of payload after the header";
}

TEST(Report, DescribesDatagrams) {
    const Bytes datagram = {std::byte{0x45}, std::byte{0},    std::byte{0},  std::byte{23},
                            std::byte{0x12}, std::byte{0x34}, std::byte{0},  std::byte{0},
                            std::byte{200},  std::byte{253},  std::byte{0},  std::byte{0},
                            std::byte{10},   std::byte{0},    std::byte{0},  std::byte{1},
                            std::byte{10},   std::byte{0},    std::byte{0},  std::byte{2},
                            std::byte{'a'},  std::byte{'b'},  std::byte{'c'}};
    EXPECT_EQ(raw::describe_ipv4(datagram),
              "10.0.0.1 > 10.0.0.2: proto 253, ttl 200, id 4660, length 23")
        << "a 23-byte datagram from 10.0.0.1 to 10.0.0.2, protocol 253, TTL 200, id 0x1234";
    EXPECT_THROW(raw::describe_ipv4(std::span(datagram).first(19)), np::ParseError)
        << "19 bytes: shorter than an IPv4 header";
    EXPECT_EQ(raw::describe_ipv6("fd00::1", "fd00::2", 17, 9, 11),
              "fd00::1 > fd00::2: proto 17, hlim 9, length 11")
        << "describe_ipv6 of a UDP datagram, hop limit 9, 11 bytes";
    EXPECT_EQ(raw::describe_ipv6("fd00::1", "fd00::2", 253, std::nullopt, 3),
              "fd00::1 > fd00::2: proto 253, hlim ?, length 3")
        << "describe_ipv6 without a hop limit prints '?'";
}

}  // namespace
