// Matching what the raw ICMP socket delivers to the probe it is about. The datagrams are
// put together byte by byte here, so these tests do not trust the code they test.

#include "icmp_match.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <variant>
#include <vector>

#include "np/bytes.hpp"
#include "np/checksum.hpp"

namespace {

using Bytes = std::vector<std::byte>;
using traceroute::Answer;
using traceroute::Method;
using traceroute::NotOurs;
using traceroute::OurProbes;
using traceroute::Verdict;

constexpr std::uint16_t kSourcePort = 45678;
constexpr std::uint16_t kIdentifier = 0x4242;

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

Bytes cut(const Bytes& bytes, std::size_t size) {
    return Bytes(bytes.begin(), bytes.begin() + size);
}

const Bytes kTarget4 = {std::byte{10}, std::byte{0}, std::byte{5}, std::byte{2}};
const Bytes kOther4 = {std::byte{10}, std::byte{0}, std::byte{7}, std::byte{7}};

Bytes target6() {
    Bytes address(16);
    address[0] = std::byte{0xfd};
    address[7] = std::byte{5};
    address[15] = std::byte{2};  // fd00:0:0:5::2
    return address;
}

// An IPv4 header; `options` must be a multiple of 4 bytes.
Bytes ipv4_header(std::size_t payload_size, std::uint8_t protocol, const Bytes& destination,
                  const Bytes& options = {}) {
    const std::size_t size = 20 + options.size();
    Bytes ip(size);
    np::ByteWriter out(ip);
    out.u8(static_cast<std::uint8_t>(0x40 | size / 4));
    out.u8(0);
    out.u16(static_cast<std::uint16_t>(size + payload_size));
    out.u32(0x12340000);  // identification, no fragment
    out.u8(1);            // TTL
    out.u8(protocol);
    out.u16(0);  // header checksum
    out.bytes(Bytes{std::byte{10}, std::byte{0}, std::byte{0}, std::byte{1}});
    out.bytes(destination);
    out.bytes(options);
    return ip;
}

Bytes ipv6_header(std::uint8_t next_header, const Bytes& destination) {
    Bytes ip(40);
    np::ByteWriter out(ip);
    out.u32(0x60000000);
    out.u16(40);
    out.u8(next_header);
    out.u8(1);
    out.zeros(15);
    out.u8(1);  // source ::1
    out.bytes(destination);
    return ip;
}

Bytes udp_header(std::uint16_t source, std::uint16_t destination) {
    Bytes udp(8);
    np::ByteWriter out(udp);
    out.u16(source);
    out.u16(destination);
    out.u16(40);
    out.u16(0);
    return udp;
}

Bytes echo_header(std::uint8_t type, std::uint16_t identifier, std::uint16_t sequence) {
    Bytes icmp(8);
    np::ByteWriter out(icmp);
    out.u8(type);
    out.u8(0);
    out.u16(0xabcd);
    out.u16(identifier);
    out.u16(sequence);
    return icmp;
}

// An IPv4 ICMP message with its checksum field recomputed.
Bytes with_checksum(Bytes message) {
    message[2] = message[3] = std::byte{0};
    const std::uint16_t sum = np::internet_checksum(message);
    message[2] = std::byte(sum >> 8);
    message[3] = std::byte(sum & 0xff);
    return message;
}

// An ICMP message; IPv4 ones get their checksum (the kernel checks ICMPv6's).
Bytes icmp_message(std::uint8_t type, std::uint8_t code, std::uint32_t rest, const Bytes& body,
                   bool v4) {
    Bytes message(8 + body.size());
    np::ByteWriter out(message);
    out.u8(type);
    out.u8(code);
    out.u16(0);
    out.u32(rest);
    out.bytes(body);
    if (v4) out.patch_u16(2, np::internet_checksum(message));
    return message;
}

// As an IPv4 raw socket delivers it: the error's own IP header first.
Bytes on_raw_v4(const Bytes& icmp) { return concat({ipv4_header(icmp.size(), 1, kOther4), icmp}); }

OurProbes udp_probes(int family) {
    OurProbes probes;
    probes.method = Method::kUdp;
    probes.family = family;
    probes.target =
        *np::SocketAddress::parse_numeric(family == AF_INET ? "10.0.5.2" : "fd00:0:0:5::2");
    probes.source_port = kSourcePort;
    probes.identifier = kIdentifier;
    probes.naming.base = 33434;
    probes.naming.count = 90;
    return probes;
}

OurProbes icmp_probes(int family) {
    OurProbes probes = udp_probes(family);
    probes.method = Method::kIcmp;
    probes.naming.base = 1;
    return probes;
}

// The quote of a UDP probe to the v4 target with destination port `port`.
Bytes udp_quote4(std::uint16_t port, const Bytes& destination = kTarget4,
                 std::uint16_t source = kSourcePort) {
    return concat({ipv4_header(40, 17, destination), udp_header(source, port), Bytes(32)});
}

Bytes udp_quote6(std::uint16_t port) {
    return concat({ipv6_header(17, target6()), udp_header(kSourcePort, port), Bytes(32)});
}

testing::AssertionResult is_answer(const traceroute::Match& match, std::size_t probe,
                                   Verdict verdict, const std::string& annotation = "") {
    if (const auto* not_ours = std::get_if<NotOurs>(&match)) {
        return testing::AssertionFailure() << "not matched: " << not_ours->reason;
    }
    const auto& answer = std::get<Answer>(match);
    if (answer.probe != probe) {
        return testing::AssertionFailure() << "matched probe " << answer.probe << ", not " << probe;
    }
    if (answer.verdict != verdict) {
        return testing::AssertionFailure() << "wrong verdict " << static_cast<int>(answer.verdict);
    }
    if (answer.annotation != annotation) {
        return testing::AssertionFailure()
               << "annotation '" << answer.annotation << "', not '" << annotation << "'";
    }
    return testing::AssertionSuccess();
}

bool ignored(const traceroute::Match& match) { return std::holds_alternative<NotOurs>(match); }

TEST(MatchUdp, TimeExceededAndReachedV4) {
    const OurProbes probes = udp_probes(AF_INET);
    // Time exceeded (11/0) quoting the probe to port 33434 + 7: probe 7, a router.
    auto datagram = on_raw_v4(icmp_message(11, 0, 0, udp_quote4(33441), true));
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 7, Verdict::kRouter))
        << "time exceeded (11/0) quoting the UDP probe to port 33434 + 7: probe 7, from a router";
    // Port unreachable (3/3): the destination itself.
    datagram = on_raw_v4(icmp_message(3, 3, 0, udp_quote4(33434 + 17), true));
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 17, Verdict::kReached))
        << "port unreachable (3/3) quoting the probe to port 33434 + 17: probe 17 reached the "
           "destination";
    // Host unreachable (3/1): the end, with "!H".
    datagram = on_raw_v4(icmp_message(3, 1, 0, udp_quote4(33434), true));
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 0, Verdict::kUnreachable, "!H"))
        << "host unreachable (3/1) quoting the probe to port 33434: probe 0, the end, \"!H\"";
    // The error's IP header with options (IHL 6): the ICMP message starts at 24.
    const Bytes icmp = icmp_message(11, 0, 0, udp_quote4(33435), true);
    datagram = concat({ipv4_header(icmp.size(), 1, kOther4, Bytes(4)), icmp});
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 1, Verdict::kRouter))
        << "skip IHL * 4 bytes of header, not 20";
}

TEST(MatchUdp, TimeExceededAndReachedV6) {
    const OurProbes probes = udp_probes(AF_INET6);
    auto datagram = icmp_message(3, 0, 0, udp_quote6(33434 + 4), false);
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 4, Verdict::kRouter))
        << "ICMPv6 time exceeded is type 3; the raw socket gives no IPv6 header";
    datagram = icmp_message(1, 4, 0, udp_quote6(33434 + 15), false);
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 15, Verdict::kReached))
        << "ICMPv6 port unreachable is type 1 code 4";
    datagram = icmp_message(1, 1, 0, udp_quote6(33434 + 8), false);
    EXPECT_TRUE(is_answer(traceroute::match_icmp(probes, datagram), 8, Verdict::kUnreachable, "!X"))
        << "ICMPv6 unreachable 1/1 (administratively prohibited) quoting probe 8: the end, \"!X\"";
    datagram = icmp_message(2, 0, 1280, udp_quote6(33434 + 2), false);
    EXPECT_TRUE(
        is_answer(traceroute::match_icmp(probes, datagram), 2, Verdict::kUnreachable, "!F-1280"))
        << "ICMPv6 packet too big (2) with MTU 1280 quoting probe 2: the end, \"!F-1280\"";
}

TEST(MatchIcmp, EchoProbesV4AndV6) {
    const OurProbes v4 = icmp_probes(AF_INET);
    Bytes quote =
        concat({ipv4_header(40, 1, kTarget4), echo_header(8, kIdentifier, 1 + 5), Bytes(32)});
    EXPECT_TRUE(
        is_answer(traceroute::match_icmp(v4, on_raw_v4(icmp_message(11, 0, 0, quote, true))), 5,
                  Verdict::kRouter))
        << "time exceeded quoting our echo request with sequence 1 + 5: probe 5, from a router";
    // The echo reply from the destination: identifier and sequence in its own header.
    const Bytes reply = with_checksum(echo_header(0, kIdentifier, 1 + 12));
    EXPECT_TRUE(is_answer(traceroute::match_icmp(v4, on_raw_v4(reply)), 12, Verdict::kReached))
        << "an echo reply with our identifier and sequence 1 + 12: probe 12 reached the "
           "destination";
    // Another program's identifier, in a reply or in a quote.
    const Bytes foreign = with_checksum(echo_header(0, kIdentifier + 1, 1 + 12));
    EXPECT_TRUE(ignored(traceroute::match_icmp(v4, on_raw_v4(foreign))))
        << "an echo reply with another program's identifier is not ours";

    const OurProbes v6 = icmp_probes(AF_INET6);
    quote = concat({ipv6_header(58, target6()), echo_header(128, kIdentifier, 1 + 3), Bytes(32)});
    EXPECT_TRUE(is_answer(traceroute::match_icmp(v6, icmp_message(3, 0, 0, quote, false)), 3,
                          Verdict::kRouter))
        << "ICMPv6 time exceeded quoting our echo request with sequence 1 + 3: probe 3, from a "
           "router";
    EXPECT_TRUE(is_answer(traceroute::match_icmp(v6, echo_header(129, kIdentifier, 1 + 9)), 9,
                          Verdict::kReached))
        << "an ICMPv6 echo reply (129) with sequence 1 + 9: probe 9 reached the destination";
    quote =
        concat({ipv6_header(58, target6()), echo_header(128, kIdentifier ^ 0xff, 4), Bytes(32)});
    EXPECT_TRUE(ignored(traceroute::match_icmp(v6, icmp_message(3, 0, 0, quote, false))))
        << "ICMPv6 time exceeded quoting an echo request with another identifier is not ours";
}

TEST(MatchTruncated, QuotesCutShort) {
    const OurProbes v4 = udp_probes(AF_INET);
    const Bytes full4 = udp_quote4(33434 + 3);
    // The ports are the first 4 bytes of the UDP header: a quote cut after them matches.
    EXPECT_TRUE(is_answer(
        traceroute::match_icmp(v4, on_raw_v4(icmp_message(11, 0, 0, cut(full4, 24), true))), 3,
        Verdict::kRouter))
        << "a quote cut after 24 bytes (IP header and both ports) still matches probe 3";
    for (std::size_t size : {0, 1, 10, 19, 20, 22, 23}) {
        EXPECT_TRUE(ignored(
            traceroute::match_icmp(v4, on_raw_v4(icmp_message(11, 0, 0, cut(full4, size), true)))))
            << "a quote of " << size << " bytes does not show both ports";
    }
    // The outer datagram itself cut short: in its IP header, in the ICMP header.
    const Bytes whole = on_raw_v4(icmp_message(11, 0, 0, full4, true));
    for (std::size_t size : {0, 3, 19, 20, 27}) {
        EXPECT_TRUE(ignored(traceroute::match_icmp(v4, cut(whole, size))))
            << "the outer datagram cut to " << size
            << " bytes: in its IP header or its ICMP header";
    }
    // An IHL that claims more header than there is.
    Bytes liar = whole;
    liar[0] = std::byte{0x4f};
    EXPECT_TRUE(ignored(traceroute::match_icmp(v4, liar)))
        << "an error whose IHL (15) claims more header than the datagram has";

    const OurProbes v6 = udp_probes(AF_INET6);
    const Bytes full6 = udp_quote6(33434 + 6);
    EXPECT_TRUE(is_answer(traceroute::match_icmp(v6, icmp_message(3, 0, 0, cut(full6, 44), false)),
                          6, Verdict::kRouter))
        << "an ICMPv6 quote cut after 44 bytes (IPv6 header and both ports) still matches probe 6";
    for (std::size_t size : {0, 8, 39, 40, 43}) {
        EXPECT_TRUE(
            ignored(traceroute::match_icmp(v6, icmp_message(3, 0, 0, cut(full6, size), false))))
            << "an IPv6 quote of "
            << "the outer datagram cut to " << size
            << " bytes: in its IP header or its ICMP header";
    }
    EXPECT_TRUE(ignored(traceroute::match_icmp(v6, cut(icmp_message(3, 0, 0, full6, false), 7))))
        << "an ICMPv6 message of 7 bytes: shorter than its header";

    // An echo request names its probe in bytes 4-7: all 8 are needed.
    const OurProbes echo = icmp_probes(AF_INET);
    const Bytes quote = concat({ipv4_header(40, 1, kTarget4), echo_header(8, kIdentifier, 2)});
    EXPECT_TRUE(ignored(
        traceroute::match_icmp(echo, on_raw_v4(icmp_message(11, 0, 0, cut(quote, 26), true)))))
        << "a quoted echo request cut to 6 bytes: its sequence (bytes 6-7) is missing";
    EXPECT_TRUE(
        is_answer(traceroute::match_icmp(echo, on_raw_v4(icmp_message(11, 0, 0, quote, true))), 1,
                  Verdict::kRouter))
        << "a quoted echo request of all 8 bytes matches probe 1";
}

TEST(MatchForeign, OtherProbesIgnored) {
    const OurProbes probes = udp_probes(AF_INET);
    auto error_about = [](const Bytes& quote) {
        return on_raw_v4(icmp_message(11, 0, 0, quote, true));
    };
    ASSERT_TRUE(is_answer(traceroute::match_icmp(probes, error_about(udp_quote4(33434 + 2))), 2,
                          Verdict::kRouter))
        << "the error about our own probe matches; each variation below must not";
    EXPECT_TRUE(
        ignored(traceroute::match_icmp(probes, error_about(udp_quote4(33434, kTarget4, 1234)))))
        << "another program's source port";
    EXPECT_TRUE(ignored(traceroute::match_icmp(probes, error_about(udp_quote4(33434, kOther4)))))
        << "a probe to another destination";
    EXPECT_TRUE(ignored(traceroute::match_icmp(probes, error_about(udp_quote4(33434 + 90)))))
        << "a port beyond our probes";
    EXPECT_TRUE(ignored(traceroute::match_icmp(probes, error_about(udp_quote4(33433)))))
        << "a port below our base";
    Bytes quote = udp_quote4(33434);
    quote[9] = std::byte{6};  // TCP
    EXPECT_TRUE(ignored(traceroute::match_icmp(probes, error_about(quote)))) << "not UDP";
    Bytes corrupt = error_about(udp_quote4(33434));
    corrupt.back() ^= std::byte{0x01};
    EXPECT_TRUE(ignored(traceroute::match_icmp(probes, corrupt))) << "a bad ICMP checksum";
    // Echo requests and replies are not errors about UDP probes.
    EXPECT_TRUE(
        ignored(traceroute::match_icmp(probes, on_raw_v4(icmp_message(8, 0, 0, Bytes(32), true)))))
        << "an echo request is not an error about a UDP probe";
    EXPECT_TRUE(
        ignored(traceroute::match_icmp(probes, on_raw_v4(icmp_message(0, 0, 0, Bytes(32), true)))))
        << "an echo reply is not an error about a UDP probe";
}

TEST(Annotation, UnreachableCodes) {
    using traceroute::annotation;
    const std::vector<std::pair<int, std::string>> v4 = {
        {0, "!N"},  {1, "!H"},  {2, "!P"},  {3, ""},    {4, "!F-1400"}, {5, "!S"},
        {6, "!N"},  {7, "!H"},  {8, "!N"},  {9, "!X"},  {10, "!X"},     {11, "!N"},
        {12, "!H"}, {13, "!X"}, {14, "!V"}, {15, "!C"}, {16, "!<16>"}};
    for (const auto& [code, text] : v4) {
        EXPECT_EQ(annotation(AF_INET, 3, static_cast<std::uint8_t>(code), 1400), text)
            << "IPv4 unreachable code " << code;
    }
    EXPECT_EQ(annotation(AF_INET, 11, 0, 0), "")
        << "time exceeded in transit (11/0): no annotation";
    EXPECT_EQ(annotation(AF_INET, 11, 1, 0), "!<11-1>")
        << "fragment reassembly time exceeded (11/1)";
    EXPECT_EQ(annotation(AF_INET, 12, 0, 0), "!<12-0>") << "parameter problem (12/0)";
    EXPECT_EQ(annotation(AF_INET6, 1, 0, 0), "!N") << "ICMPv6 no route (1/0)";
    EXPECT_EQ(annotation(AF_INET6, 1, 1, 0), "!X") << "ICMPv6 administratively prohibited (1/1)";
    EXPECT_EQ(annotation(AF_INET6, 1, 3, 0), "!H") << "ICMPv6 address unreachable (1/3)";
    EXPECT_EQ(annotation(AF_INET6, 1, 4, 0), "")
        << "ICMPv6 port unreachable (1/4): the destination, no annotation";
    EXPECT_EQ(annotation(AF_INET6, 1, 6, 0), "!<6>") << "ICMPv6 unreachable code 6, unknown";
    EXPECT_EQ(annotation(AF_INET6, 2, 0, 1280), "!F-1280")
        << "ICMPv6 packet too big (2) with MTU 1280";
    EXPECT_EQ(annotation(AF_INET6, 3, 0, 0), "") << "ICMPv6 time exceeded (3/0): no annotation";
}

}  // namespace
