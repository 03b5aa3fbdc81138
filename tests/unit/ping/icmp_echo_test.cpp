// The ping lab's packet code: building echo requests and parsing what a socket delivers.
// The datagrams here are put together by hand, byte by byte, so that these tests do not
// trust the code they test.

#include "icmp_echo.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <variant>
#include <vector>

#include "np/bytes.hpp"
#include "np/checksum.hpp"

namespace {

using Bytes = std::vector<std::byte>;
using ping::Framing;

Bytes bytes(std::initializer_list<int> values) {
    Bytes out;
    for (int v : values) out.push_back(std::byte(v));
    return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

// An ICMP message with its checksum filled in (ICMPv6 ones are left at 0: the kernel
// checks those, not the parser).
Bytes icmp_message(std::uint8_t type, std::uint8_t code, std::uint32_t rest_of_header,
                   const Bytes& body, bool v4 = true) {
    Bytes message(8 + body.size());
    np::ByteWriter out(message);
    out.u8(type);
    out.u8(code);
    out.u16(0);
    out.u32(rest_of_header);
    out.bytes(body);
    if (v4) out.patch_u16(2, np::internet_checksum(message));
    return message;
}

// An IPv4 header; `options` must be a multiple of 4 bytes. total_length 0 means "right".
Bytes ipv4_header(std::size_t payload_size, int ttl, std::uint8_t protocol,
                  std::initializer_list<int> destination, const Bytes& options = {},
                  std::size_t total_length = 0) {
    const std::size_t header = 20 + options.size();
    Bytes ip(header);
    np::ByteWriter out(ip);
    out.u8(static_cast<std::uint8_t>(0x40 | header / 4));
    out.u8(0);
    out.u16(static_cast<std::uint16_t>(total_length ? total_length : header + payload_size));
    out.u32(0);  // identification, flags, fragment offset
    out.u8(static_cast<std::uint8_t>(ttl));
    out.u8(protocol);
    out.u16(0);  // header checksum: the kernel checked it
    out.bytes(bytes({10, 0, 0, 9}));
    for (int b : destination) out.u8(static_cast<std::uint8_t>(b));
    out.bytes(options);
    return ip;
}

Bytes ipv6_header(std::uint8_t next_header, const Bytes& destination) {
    Bytes ip(40);
    np::ByteWriter out(ip);
    out.u32(0x60000000);
    out.u16(64);  // payload length
    out.u8(next_header);
    out.u8(64);  // hop limit
    out.zeros(15);
    out.u8(1);  // source ::1
    out.bytes(destination);
    return ip;
}

Bytes pattern(std::size_t size) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = std::byte(0xa0 + i % 16);
    return out;
}

TEST(EchoRequest, ChecksumVerifies) {
    for (std::size_t size : {0, 1, 7, 56, 1001}) {  // odd sizes pad the last word
        const Bytes payload = pattern(size);
        const Bytes request = ping::build_echo_request(AF_INET, 0xbeef, 42, payload);
        ASSERT_EQ(request.size(), 8 + size) << "an echo request with a payload of " << size
                                            << " bytes: an 8-byte header, then the payload";
        EXPECT_EQ(request[0], std::byte{8}) << "the type of an echo request is 8";
        EXPECT_EQ(request[1], std::byte{0}) << "the code of an echo request is 0";
        EXPECT_EQ(np::internet_checksum(request), 0)
            << "the checksum must cover header and payload (" << size << " bytes of data)";
        EXPECT_NE(request[2] | request[3], std::byte{0}) << "a checksum was written";
    }
}

TEST(EchoRequest, CarriesIdSeqAndPayload) {
    const auto sent_at = std::chrono::microseconds(1'700'000'000'123'456);
    const Bytes payload = ping::make_payload(56, sent_at);
    ASSERT_EQ(payload.size(), 56u) << "make_payload(56, …) makes 56 bytes";
    EXPECT_EQ(ping::read_timestamp(payload), sent_at)
        << "read_timestamp gives back the send time make_payload wrote";
    for (std::size_t i = 16; i < 56; ++i) {
        ASSERT_EQ(payload[i], std::byte(i)) << "after the timestamp byte i is i, at " << i;
    }
    const Bytes small = ping::make_payload(8, sent_at);
    EXPECT_EQ(small, bytes({0, 1, 2, 3, 4, 5, 6, 7})) << "below 16 bytes: no timestamp";
    EXPECT_FALSE(ping::read_timestamp(small).has_value())
        << "read_timestamp of an 8-byte payload: too short to hold one";

    const Bytes v4 = ping::build_echo_request(AF_INET, 0x1234, 0xabcd, payload);
    ASSERT_EQ(v4.size(), 64u) << "an IPv4 echo request: 8 bytes of header, 56 of payload";
    EXPECT_EQ(Bytes(v4.begin() + 4, v4.begin() + 8), bytes({0x12, 0x34, 0xab, 0xcd}))
        << "identifier 0x1234 and sequence 0xabcd at offsets 4 and 6, big-endian";
    EXPECT_EQ(Bytes(v4.begin() + 8, v4.end()), payload) << "the payload follows the header";

    const Bytes v6 = ping::build_echo_request(AF_INET6, 0x1234, 7, payload);
    ASSERT_EQ(v6.size(), 64u) << "an IPv6 echo request: 8 bytes of header, 56 of payload";
    EXPECT_EQ(Bytes(v6.begin(), v6.begin() + 8), bytes({128, 0, 0, 0, 0x12, 0x34, 0, 7}))
        << "ICMPv6 echo request (type 128), id 0x1234, sequence 7, checksum left 0 for the "
           "kernel";
    EXPECT_EQ(Bytes(v6.begin() + 8, v6.end()), payload)
        << "the IPv6 request's payload follows the header";
}

TEST(EchoReply, ParsesIpv4WithHeader) {
    const Bytes payload = pattern(56);
    const Bytes reply = icmp_message(0, 0, 0x1234'0005, payload);
    // With 4 bytes of IP options (IHL 6): the ICMP message starts after them.
    const Bytes options = bytes({1, 1, 1, 0});
    const Bytes datagram =
        concat({ipv4_header(reply.size(), 57, 1, {10, 0, 0, 2}, options), reply});

    auto parsed = ping::parse_icmp(Framing::kIpv4WithHeader, datagram);
    const auto* echo = std::get_if<ping::EchoReply>(&parsed);
    ASSERT_NE(echo, nullptr) << "an echo reply after a 24-byte IP header";
    EXPECT_EQ(echo->identifier, 0x1234) << "the identifier, at offset 4 of the ICMP message";
    EXPECT_EQ(echo->sequence, 5) << "the sequence, at offset 6 of the ICMP message";
    EXPECT_EQ(echo->ttl, 57) << "the TTL comes from the IP header";
    EXPECT_EQ(echo->icmp_length, 64u) << "the ICMP length, not the datagram's";
    EXPECT_EQ(echo->payload, payload) << "the 56-byte payload after the ICMP header";

    parsed = ping::parse_icmp(Framing::kIpv4Bare, reply);
    echo = std::get_if<ping::EchoReply>(&parsed);
    ASSERT_NE(echo, nullptr) << "a datagram socket's reply has no IP header";
    EXPECT_EQ(echo->sequence, 5) << "the sequence of a reply without IP header";
    EXPECT_FALSE(echo->ttl.has_value()) << "no IP header, so no TTL";

    const Bytes reply6 = icmp_message(129, 0, 0x4321'0009, payload, false);
    parsed = ping::parse_icmp(Framing::kIpv6, reply6);
    echo = std::get_if<ping::EchoReply>(&parsed);
    ASSERT_NE(echo, nullptr) << "an ICMPv6 echo reply is type 129";
    EXPECT_EQ(echo->identifier, 0x4321) << "the ICMPv6 reply's identifier";
    EXPECT_EQ(echo->sequence, 9) << "the ICMPv6 reply's sequence";
    EXPECT_EQ(echo->icmp_length, 64u) << "the ICMPv6 reply's length";
}

TEST(EchoReply, RejectsTruncated) {
    const Bytes reply = icmp_message(0, 0, 0x1234'0001, pattern(16));
    const Bytes good = concat({ipv4_header(reply.size(), 64, 1, {10, 0, 0, 2}), reply});
    auto is_ignored = [](Framing framing, const Bytes& data) {
        return std::holds_alternative<ping::Ignored>(ping::parse_icmp(framing, data));
    };
    ASSERT_FALSE(is_ignored(Framing::kIpv4WithHeader, good)) << "the intact datagram parses";

    for (std::size_t n = 0; n < good.size(); ++n) {
        EXPECT_TRUE(is_ignored(Framing::kIpv4WithHeader, Bytes(good.begin(), good.begin() + n)))
            << "the first " << n << " bytes of a " << good.size() << "-byte datagram";
    }
    Bytes short_ihl = good;
    short_ihl[0] = std::byte{0x44};  // IHL 4: 16 bytes, shorter than any IPv4 header
    EXPECT_TRUE(is_ignored(Framing::kIpv4WithHeader, short_ihl)) << "IHL below 5";
    Bytes long_ihl = concat({ipv4_header(0, 64, 1, {10, 0, 0, 2}), bytes({0, 0, 0xff, 0xff})});
    long_ihl[0] = std::byte{0x4f};  // IHL 15: 60 bytes of header in a 24-byte datagram
    EXPECT_TRUE(is_ignored(Framing::kIpv4WithHeader, long_ihl)) << "IHL beyond the data";
    const Bytes long_total =
        concat({ipv4_header(reply.size(), 64, 1, {10, 0, 0, 2}, {}, 1000), reply});
    EXPECT_TRUE(is_ignored(Framing::kIpv4WithHeader, long_total)) << "total length beyond the data";
    const Bytes tiny = bytes({0, 0, 0xff, 0xff, 0x12, 0x34});
    EXPECT_TRUE(is_ignored(Framing::kIpv4WithHeader,
                           concat({ipv4_header(tiny.size(), 64, 1, {10, 0, 0, 2}), tiny})))
        << "6 bytes of ICMP: shorter than its header";
    EXPECT_TRUE(is_ignored(Framing::kIpv4Bare, Bytes(reply.begin(), reply.begin() + 7)))
        << "7 bytes without IP header: shorter than an ICMP header";
    EXPECT_TRUE(is_ignored(Framing::kIpv6, bytes({129, 0, 0, 0})))
        << "a 4-byte ICMPv6 echo reply: shorter than its header";
    Bytes corrupted = reply;
    corrupted.back() ^= std::byte{0x01};
    EXPECT_TRUE(is_ignored(Framing::kIpv4Bare, corrupted)) << "a checksum that does not verify";
    // An error that quotes only two bytes of a datagram.
    EXPECT_TRUE(is_ignored(Framing::kIpv4Bare, icmp_message(3, 3, 0, bytes({0x45, 0}))))
        << "a port unreachable quoting only 2 bytes of a datagram";
}

TEST(IcmpError, MatchesQuotedProbe) {
    // What a router sends back when our probe's TTL ran out: its own IP header, the ICMP
    // error, and the start of our datagram (IP header + 8 bytes of the echo request).
    const Bytes probe = icmp_message(8, 0, 0x1234'0007, {});
    const Bytes quoted = concat({ipv4_header(64, 1, 1, {10, 0, 0, 2}), probe});
    const Bytes ttl_exceeded = icmp_message(11, 0, 0, quoted);
    const Bytes datagram =
        concat({ipv4_header(ttl_exceeded.size(), 255, 1, {10, 0, 0, 1}), ttl_exceeded});

    auto parsed = ping::parse_icmp(Framing::kIpv4WithHeader, datagram);
    const auto* error = std::get_if<ping::IcmpError>(&parsed);
    ASSERT_NE(error, nullptr) << "a time exceeded error quoting an echo request";
    EXPECT_EQ(error->type, 11) << "time exceeded is type 11";
    EXPECT_EQ(error->code, 0) << "TTL exceeded in transit is code 0";
    EXPECT_EQ(error->quoted_identifier, 0x1234) << "id and sequence come from the quoted probe";
    EXPECT_EQ(error->quoted_sequence, 7) << "the quoted probe's sequence";
    EXPECT_EQ(error->quoted_destination.host(), "10.0.0.2")
        << "the destination of the quoted probe's IP header";

    parsed = ping::parse_icmp(Framing::kIpv4Bare, icmp_message(3, 4, 1400, quoted));
    error = std::get_if<ping::IcmpError>(&parsed);
    ASSERT_NE(error, nullptr) << "fragmentation needed";
    EXPECT_EQ(error->mtu, 1400u) << "next-hop MTU from the low 16 bits of the header";
    EXPECT_EQ(error->quoted_sequence, 7) << "the sequence quoted in fragmentation needed";

    const Bytes fd00_2 = bytes({0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
    const Bytes probe6 = icmp_message(128, 0, 0x1234'0003, {}, false);
    const Bytes too_big =
        icmp_message(2, 0, 1280, concat({ipv6_header(58, fd00_2), probe6}), false);
    parsed = ping::parse_icmp(Framing::kIpv6, too_big);
    error = std::get_if<ping::IcmpError>(&parsed);
    ASSERT_NE(error, nullptr) << "ICMPv6 packet too big quoting an echo request";
    EXPECT_EQ(error->type, 2) << "packet too big is ICMPv6 type 2";
    EXPECT_EQ(error->mtu, 1280u) << "packet too big's MTU, the 32 bits after the checksum";
    EXPECT_EQ(error->quoted_sequence, 3) << "the sequence of the quoted ICMPv6 probe";
    EXPECT_EQ(error->quoted_destination.host(), "fd00::2")
        << "the destination of the quoted IPv6 header";

    // An error about somebody's UDP datagram is not about our probes.
    const Bytes udp =
        concat({ipv4_header(8, 1, 17, {10, 0, 0, 2}), bytes({0, 1, 0, 2, 0, 8, 0, 0})});
    EXPECT_TRUE(std::holds_alternative<ping::Ignored>(
        ping::parse_icmp(Framing::kIpv4Bare, icmp_message(11, 0, 0, udp))))
        << "a time exceeded quoting a UDP datagram, not an echo request";
}

}  // namespace
