// The raw-sockets lab's builders and parsers: IPv4 header, UDP and its pseudo-headers,
// ICMP. Expected bytes are written out by hand, and checksums recomputed here with a
// plain loop, so that these tests do not trust the code they test.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include "ip_header.hpp"
#include "np/error.hpp"
#include "transport.hpp"

namespace {

using Bytes = std::vector<std::byte>;

Bytes bytes(std::initializer_list<int> values) {
    Bytes out;
    for (int v : values) out.push_back(std::byte(v));
    return out;
}

// The ones' complement sum of big-endian 16-bit words, an odd last byte padded with 0.
std::uint32_t ones_sum(const Bytes& data, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i < data.size(); i += 2) {
        std::uint32_t word = std::to_integer<std::uint32_t>(data[i]) << 8;
        if (i + 1 < data.size()) word |= std::to_integer<std::uint32_t>(data[i + 1]);
        sum += word;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

std::uint16_t field(const Bytes& data, std::size_t offset) {
    return static_cast<std::uint16_t>(std::to_integer<int>(data.at(offset)) << 8 |
                                      std::to_integer<int>(data.at(offset + 1)));
}

// The classic example header: 192.168.0.1 -> 192.168.0.199, UDP, DF, checksum 0xb861.
const Bytes kExampleHeader = bytes({0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                    0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7});

raw::Ipv4Header example_header() {
    raw::Ipv4Header header;
    header.total_length = 0x73;
    header.dont_fragment = true;
    header.ttl = 64;
    header.protocol = 17;
    header.source = {std::byte{192}, std::byte{168}, std::byte{0}, std::byte{1}};
    header.destination = {std::byte{192}, std::byte{168}, std::byte{0}, std::byte{199}};
    return header;
}

// A datagram: the example header with total length 28, and an 8-byte payload.
Bytes small_datagram() {
    Bytes datagram =
        bytes({0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 10, 0,
               0,    1,    10,   0,    0,    2,    1,    2,    3,    4,    5,    6,    7,  8});
    return datagram;
}

TEST(Ipv4Header, EncodesFieldsAndChecksum) {
    EXPECT_EQ(raw::encode_ipv4_header(example_header()), kExampleHeader)
        << "encoding the classic example header 192.168.0.1 -> 192.168.0.199, UDP, DF, TTL 64, "
           "length 0x73: checksum 0xb861";

    raw::Ipv4Header other = example_header();
    other.identification = 0xbeef;
    other.tos = 0x10;
    other.dont_fragment = false;
    const Bytes encoded = raw::encode_ipv4_header(other);
    ASSERT_EQ(encoded.size(), 20u) << "a header without options is 20 bytes";
    EXPECT_EQ(field(encoded, 4), 0xbeef) << "identification 0xbeef at offset 4, big-endian";
    EXPECT_EQ(encoded[1], std::byte{0x10}) << "TOS 0x10 at offset 1";
    EXPECT_EQ(field(encoded, 6), 0) << "flags and offset at offset 6: 0 without DF";
    EXPECT_EQ(ones_sum(encoded), 0xffffu)
        << "the checksum of a header with id 0xbeef, TOS 0x10, no DF must verify";
}

TEST(Ipv4Header, RoundTripWithOptionsAndFragments) {
    raw::Ipv4Header header = example_header();
    header.options = bytes({0x01, 0x01, 0x01, 0x00});  // NOP NOP NOP EOL
    header.total_length = 24 + 1480;
    header.identification = 7;
    header.dont_fragment = false;
    header.more_fragments = true;
    header.fragment_offset = 2960;
    const Bytes encoded = raw::encode_ipv4_header(header);
    ASSERT_EQ(encoded.size(), 24u) << "a header with 4 bytes of options is 24 bytes";
    EXPECT_EQ(encoded[0], std::byte{0x46}) << "version 4 and IHL 6: IHL counts 4-byte words";
    EXPECT_EQ(field(encoded, 6), 0x2000 | 2960 / 8)
        << "MF with offset 2960: MF, then the offset in 8-byte units";
    EXPECT_EQ(ones_sum(encoded), 0xffffu) << "the checksum of a header with options must verify";

    Bytes datagram = encoded;
    datagram.resize(24 + 1480);
    const raw::Ipv4Header decoded = raw::decode_ipv4_header(datagram);
    EXPECT_EQ(decoded.header_length(), 24u)
        << "decoding that header back: its length, options included";
    EXPECT_EQ(decoded.options, header.options)
        << "decoding that header back: the options NOP NOP NOP EOL";
    EXPECT_EQ(decoded.total_length, header.total_length)
        << "decoding that header back: total length 1504";
    EXPECT_EQ(decoded.identification, 7) << "decoding that header back: identification 7";
    EXPECT_FALSE(decoded.dont_fragment) << "decoding that header back: no DF";
    EXPECT_TRUE(decoded.more_fragments) << "decoding that header back: MF set";
    EXPECT_EQ(decoded.fragment_offset, 2960) << "decoding that header back: offset 2960 bytes";
    EXPECT_EQ(decoded.ttl, 64) << "decoding that header back: TTL 64";
    EXPECT_EQ(decoded.protocol, 17) << "decoding that header back: protocol 17";
    EXPECT_EQ(decoded.source, header.source) << "decoding that header back: source 192.168.0.1";
    EXPECT_EQ(decoded.destination, header.destination)
        << "decoding that header back: destination 192.168.0.199";
    EXPECT_EQ(decoded.checksum, field(encoded, 10))
        << "decoding that header back: the checksum as encoded";

    raw::Ipv4Header bad = header;
    bad.options = bytes({1, 1});
    EXPECT_THROW(raw::encode_ipv4_header(bad), std::invalid_argument)
        << "encoding 2 bytes of options: not a multiple of 4";
    bad = header;
    bad.fragment_offset = 100;
    EXPECT_THROW(raw::encode_ipv4_header(bad), std::invalid_argument)
        << "encoding fragment offset 100: not a multiple of 8";
}

TEST(Ipv4Header, RejectsBadLengthsAndEveryTruncation) {
    const Bytes datagram = small_datagram();
    EXPECT_EQ(raw::decode_ipv4_header(datagram).identification, 0x1234)
        << "decoding the intact 28-byte datagram: identification 0x1234";
    for (std::size_t n = 0; n < datagram.size(); ++n) {
        Bytes prefix(datagram.begin(), datagram.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_THROW(raw::decode_ipv4_header(prefix), np::ParseError)
            << "decoding the first " << n << " bytes of a 28-byte datagram";
    }
    Bytes version6 = datagram;
    version6[0] = std::byte{0x65};
    EXPECT_THROW(raw::decode_ipv4_header(version6), np::ParseError)
        << "decoding a datagram whose version is 6";
    Bytes ihl4 = datagram;
    ihl4[0] = std::byte{0x44};
    EXPECT_THROW(raw::decode_ipv4_header(ihl4), np::ParseError)
        << "decoding a datagram with IHL 4, below 5";
    Bytes ihl_beyond = datagram;
    ihl_beyond[0] = std::byte{0x48};  // 32 bytes of header in 28
    EXPECT_THROW(raw::decode_ipv4_header(ihl_beyond), np::ParseError)
        << "decoding a 28-byte datagram with IHL 8 (32 bytes of header)";
    Bytes total_short = datagram;
    total_short[3] = std::byte{19};
    EXPECT_THROW(raw::decode_ipv4_header(total_short), np::ParseError)
        << "decoding a datagram with total length 19, below IHL*4";
    Bytes padded = datagram;
    padded.push_back(std::byte{0});  // link padding after the total length is fine
    EXPECT_EQ(raw::decode_ipv4_header(padded).total_length, 28)
        << "decoding a 28-byte datagram with a byte of link padding after it: padding is fine";
}

const raw::Ipv4Address kSource = {std::byte{10}, std::byte{0}, std::byte{0}, std::byte{1}};
const raw::Ipv4Address kDestination = {std::byte{10}, std::byte{0}, std::byte{0}, std::byte{2}};

// The IPv4 pseudo-header, assembled byte by byte.
Bytes ipv4_pseudo_header(std::uint16_t length) {
    return bytes({10, 0, 0, 1, 10, 0, 0, 2, 0, 17, length >> 8, length & 0xff});
}

TEST(Udp, Ipv4PseudoHeaderChecksumOddLength) {
    const Bytes payload = bytes({'h', 'e', 'l', 'l', 'o'});
    const Bytes segment = raw::build_udp_ipv4(kSource, kDestination, 5000, 6000, payload);
    ASSERT_EQ(segment.size(), 13u) << "build_udp_ipv4 of 5 bytes: 8 of header and 5 of payload";
    EXPECT_EQ(field(segment, 0), 5000) << "source port 5000 at offset 0, big-endian";
    EXPECT_EQ(field(segment, 2), 6000) << "destination port 6000 at offset 2, big-endian";
    EXPECT_EQ(field(segment, 4), 13) << "UDP length at offset 4: header and payload";
    EXPECT_NE(field(segment, 6), 0) << "build_udp_ipv4 fills in a checksum";
    EXPECT_EQ(Bytes(segment.begin() + 8, segment.end()), payload)
        << "the payload \"hello\" after the 8-byte header";
    EXPECT_EQ(ones_sum(segment, ones_sum(ipv4_pseudo_header(13))), 0xffffu)
        << "pseudo-header + segment (the odd byte padded) must sum to all ones";

    const Bytes bare = raw::build_udp(5000, 6000, payload);
    EXPECT_EQ(field(bare, 6), 0) << "build_udp leaves the checksum to the kernel";
    EXPECT_EQ(field(bare, 4), 13) << "build_udp's length of 5 bytes of payload";
}

TEST(Udp, ComputedZeroIsSentAsAllOnes) {
    // Choose the last two payload bytes so that everything else sums to their complement:
    // the computed checksum is then 0, which UDP must send as 0xffff.
    const std::uint32_t rest = ones_sum(bytes({0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0x00, 0x00}),
                                        ones_sum(ipv4_pseudo_header(10)));
    const std::uint32_t word = ~rest & 0xffff;
    const Bytes payload = bytes({static_cast<int>(word >> 8), static_cast<int>(word & 0xff)});
    const Bytes segment = raw::build_udp_ipv4(kSource, kDestination, 5000, 6000, payload);
    ASSERT_EQ(segment.size(), 10u) << "a UDP segment with 2 bytes of payload";
    EXPECT_EQ(field(segment, 6), 0xffff)
        << "a checksum that computes to 0 is sent as 0xffff (0 means none)";
}

TEST(Udp, DecodeRejectsEveryTruncation) {
    const Bytes segment = bytes({0x13, 0x88, 0x17, 0x70, 0x00, 0x0b, 0xab, 0xcd, 'a', 'b', 'c'});
    const raw::UdpDatagram udp = raw::decode_udp(segment);
    EXPECT_EQ(udp.source_port, 5000)
        << "decode_udp of 13 88 17 70 00 0b ab cd \"abc\": the source port";
    EXPECT_EQ(udp.destination_port, 6000) << "decode_udp: the destination port";
    EXPECT_EQ(udp.length, 11) << "decode_udp: the length";
    EXPECT_EQ(udp.checksum, 0xabcd) << "decode_udp: the checksum as sent";
    EXPECT_EQ(Bytes(udp.payload.begin(), udp.payload.end()), bytes({'a', 'b', 'c'}))
        << "decode_udp: the payload \"abc\"";
    for (std::size_t n = 0; n < segment.size(); ++n) {
        Bytes prefix(segment.begin(), segment.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_THROW(raw::decode_udp(prefix), np::ParseError)
            << "decoding the first " << n << " bytes of an 11-byte UDP segment";
    }
    Bytes short_length = segment;
    short_length[5] = std::byte{7};
    EXPECT_THROW(raw::decode_udp(short_length), np::ParseError)
        << "decoding a UDP segment whose length field is 7, below 8";
}

TEST(Ipv6PseudoHeader, MatchesRfc8200) {
    raw::Ipv6Address source{};
    raw::Ipv6Address destination{};
    source[0] = destination[0] = std::byte{0xfd};
    source[15] = std::byte{1};
    destination[15] = std::byte{2};
    const Bytes segment = bytes({0x13, 0x8b, 0x17, 0x73, 0x00, 0x0b, 0x00, 0x00, 'v', '6', '!'});
    Bytes pseudo(source.begin(), source.end());
    pseudo.insert(pseudo.end(), destination.begin(), destination.end());
    const Bytes tail = bytes({0, 0, 0, 11, 0, 0, 0, 17});  // 32-bit length, zeros, next header
    pseudo.insert(pseudo.end(), tail.begin(), tail.end());
    const std::uint16_t expected = static_cast<std::uint16_t>(~ones_sum(segment, ones_sum(pseudo)));
    EXPECT_EQ(raw::transport_checksum_ipv6(source, destination, 17, segment), expected)
        << "the UDP checksum of 11 bytes from fd00::1 to fd00::2, over RFC 8200's pseudo-header "
           "(32-bit length, next header last)";

    np::ChecksumAccumulator sum;
    raw::add_ipv6_pseudo_header(sum, source, destination, 17, 11);
    sum.add(segment);
    EXPECT_EQ(sum.finish(), expected)
        << "add_ipv6_pseudo_header then the segment gives the same checksum";
}

TEST(Icmp, BuildAndDecodeRejectTruncation) {
    const Bytes message = raw::build_icmp(8, 0, 0x12340001, bytes({'p', 'i', 'n'}));
    ASSERT_EQ(message.size(), 11u) << "build_icmp with 3 bytes of data: 8 of header, 3 of data";
    EXPECT_EQ(message[0], std::byte{8}) << "the type, 8, at offset 0";
    EXPECT_EQ(field(message, 4), 0x1234)
        << "the rest of header 0x12340001: its first half at offset 4";
    EXPECT_EQ(field(message, 6), 0x0001)
        << "the rest of header 0x12340001: its second half at offset 6";
    EXPECT_EQ(ones_sum(message), 0xffffu) << "the ICMP checksum must verify";
    const raw::IcmpMessage icmp = raw::decode_icmp(message);
    EXPECT_EQ(icmp.type, 8) << "decode_icmp of that message: the type";
    EXPECT_EQ(icmp.code, 0) << "decode_icmp of that message: the code";
    EXPECT_EQ(icmp.rest_of_header, 0x12340001u)
        << "decode_icmp of that message: the rest of header";
    EXPECT_EQ(icmp.checksum, field(message, 2))
        << "decode_icmp of that message: the checksum as built";
    EXPECT_EQ(Bytes(icmp.data.begin(), icmp.data.end()), bytes({'p', 'i', 'n'}))
        << "decode_icmp of that message: the data \"pin\"";
    for (std::size_t n = 0; n < 8; ++n) {
        Bytes prefix(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_THROW(raw::decode_icmp(prefix), np::ParseError)
            << "decoding the first " << n << " bytes of an ICMP message: shorter than its header";
    }
}

}  // namespace
