// Reading ICMP errors about UDP datagrams: what np-icmpd accepts and what it ignores.

#include "icmp_error.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <array>
#include <cstddef>
#include <vector>

#include "np/bytes.hpp"
#include "np/checksum.hpp"

namespace {

using icmpd::IcmpError;
using icmpd::Ignored;
using icmpd::parse_icmp_error;

using Bytes = std::vector<std::byte>;

void put(Bytes& out, std::initializer_list<int> values) {
    for (int v : values) out.push_back(static_cast<std::byte>(v));
}

void put16(Bytes& out, int value) { put(out, {(value >> 8) & 0xff, value & 0xff}); }

// A quoted IPv4 header (20 bytes) of a datagram from 10.0.0.1 to 10.0.2.2.
Bytes ipv4_header(int protocol, int fragment = 0) {
    Bytes ip;
    put(ip, {0x45, 0});
    put16(ip, 48);  // total length
    put16(ip, 0x1234);
    put16(ip, fragment);
    put(ip, {1, protocol, 0, 0, 10, 0, 0, 1, 10, 0, 2, 2});
    return ip;
}

Bytes udp_header(int source_port, int destination_port) {
    Bytes udp;
    put16(udp, source_port);
    put16(udp, destination_port);
    put16(udp, 28);
    put16(udp, 0);
    return udp;
}

// An ICMP message with a correct checksum: type, code, the 4 bytes after the checksum.
Bytes icmp_message(int type, int code, std::uint32_t rest, const Bytes& quote) {
    Bytes icmp;
    put(icmp, {type, code, 0, 0});
    put16(icmp, static_cast<int>(rest >> 16));
    put16(icmp, static_cast<int>(rest & 0xffff));
    icmp.insert(icmp.end(), quote.begin(), quote.end());
    const std::uint16_t sum = np::internet_checksum(icmp);
    icmp[2] = static_cast<std::byte>(sum >> 8);
    icmp[3] = static_cast<std::byte>(sum & 0xff);
    return icmp;
}

// What an IPv4 raw socket delivers: the error's IP header (from 10.0.1.1 to 10.0.0.1), then
// the ICMP message.
Bytes ipv4_datagram(const Bytes& icmp) {
    Bytes out;
    put(out, {0x45, 0xc0});
    put16(out, static_cast<int>(20 + icmp.size()));
    put(out, {0, 0, 0, 0, 64, 1, 0, 0, 10, 0, 1, 1, 10, 0, 0, 1});
    out.insert(out.end(), icmp.begin(), icmp.end());
    return out;
}

Bytes v4_quote(int source_port = 40000, int destination_port = 9) {
    Bytes quote = ipv4_header(17);
    const Bytes udp = udp_header(source_port, destination_port);
    quote.insert(quote.end(), udp.begin(), udp.end());
    return quote;
}

// A quoted IPv6 header from fd00::1 to fd00:0:0:2::2, next header `next`.
Bytes ipv6_header(int next) {
    Bytes ip;
    put(ip, {0x60, 0, 0, 0});
    put16(ip, 16);
    put(ip, {next, 1});
    put(ip, {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    put(ip, {0xfd, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2});
    return ip;
}

// An ICMPv6 message, as an ICMPv6 raw socket delivers it (the kernel checked the checksum).
Bytes icmp6_message(int type, int code, std::uint32_t rest, const Bytes& quote) {
    Bytes icmp;
    put(icmp, {type, code, 0xab, 0xcd});
    put16(icmp, static_cast<int>(rest >> 16));
    put16(icmp, static_cast<int>(rest & 0xffff));
    icmp.insert(icmp.end(), quote.begin(), quote.end());
    return icmp;
}

Bytes v6_quote(int source_port = 40000, int destination_port = 9) {
    Bytes quote = ipv6_header(17);
    const Bytes udp = udp_header(source_port, destination_port);
    quote.insert(quote.end(), udp.begin(), udp.end());
    return quote;
}

IcmpError expect_error(const icmpd::Parsed& parsed) {
    if (const auto* ignored = std::get_if<Ignored>(&parsed)) {
        ADD_FAILURE() << "ignored: " << ignored->reason;
        return {};
    }
    return std::get<IcmpError>(parsed);
}

TEST(IcmpErrorV4, PortUnreachableNamesBothEnds) {
    const IcmpError e =
        expect_error(parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, v4_quote()))));
    EXPECT_EQ(e.family, AF_INET) << "the family of port unreachable (3/3) quoting a UDP datagram "
                                    "10.0.0.1:40000 -> 10.0.2.2:9";
    EXPECT_EQ(e.type, 3)
        << "the type of port unreachable (3/3) quoting a UDP datagram 10.0.0.1:40000 -> 10.0.2.2:9";
    EXPECT_EQ(e.code, 3)
        << "the code of port unreachable (3/3) quoting a UDP datagram 10.0.0.1:40000 -> 10.0.2.2:9";
    EXPECT_EQ(e.mtu, 0u)
        << "the mtu of port unreachable (3/3) quoting a UDP datagram 10.0.0.1:40000 -> 10.0.2.2:9";
    EXPECT_EQ(e.source.to_string(), "10.0.0.1:40000")
        << "the source of port unreachable (3/3) quoting a UDP datagram 10.0.0.1:40000 -> "
           "10.0.2.2:9";
    EXPECT_EQ(e.destination.to_string(), "10.0.2.2:9")
        << "the destination of port unreachable (3/3) quoting a UDP datagram 10.0.0.1:40000 -> "
           "10.0.2.2:9";

    const IcmpError ttl = expect_error(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(11, 0, 0, v4_quote(5353, 53)))));
    EXPECT_EQ(ttl.type, 11)
        << "the type of time exceeded (11/0) quoting 10.0.0.1:5353 -> 10.0.2.2:53";
    EXPECT_EQ(ttl.source.port(), 5353)
        << "the source port of time exceeded (11/0) quoting 10.0.0.1:5353 -> 10.0.2.2:53";
    EXPECT_EQ(ttl.destination.to_string(), "10.0.2.2:53")
        << "the destination of time exceeded (11/0) quoting 10.0.0.1:5353 -> 10.0.2.2:53";
}

TEST(IcmpErrorV4, QuoteCutAfterThePortsAndOptions) {
    // RFC 792 guarantees only 8 bytes after the quoted header; the ports are the first 4.
    Bytes quote = ipv4_header(17);
    put(quote, {0x9c, 0x40, 0x00, 0x09});
    const IcmpError e =
        expect_error(parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 1, 0, quote))));
    EXPECT_EQ(e.destination.to_string(), "10.0.2.2:9")
        << "the destination of host unreachable (3/1) quoting only the IP header and the 4 bytes "
           "of the ports (40000 -> 9)";
    EXPECT_EQ(e.source.port(), 40000) << "the source port of host unreachable (3/1) quoting only "
                                         "the IP header and the 4 bytes of the ports (40000 -> 9)";

    // A quoted header with 4 bytes of options: IHL 6.
    Bytes with_options = ipv4_header(17);
    with_options[0] = std::byte{0x46};
    put(with_options, {1, 1, 1, 1});
    const Bytes udp = udp_header(40000, 7);
    with_options.insert(with_options.end(), udp.begin(), udp.end());
    const IcmpError o =
        expect_error(parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, with_options))));
    EXPECT_EQ(o.destination.to_string(), "10.0.2.2:7")
        << "the destination of port unreachable quoting a header with 4 bytes of options (IHL 6), "
           "to port 7";
}

TEST(IcmpErrorV6, PortUnreachableAndExtensionHeaders) {
    const IcmpError e =
        expect_error(parse_icmp_error(AF_INET6, icmp6_message(1, 4, 0, v6_quote())));
    EXPECT_EQ(e.family, AF_INET6) << "the family of ICMPv6 port unreachable (1/4) quoting "
                                     "[fd00::1]:40000 -> [fd00:0:0:2::2]:9";
    EXPECT_EQ(e.type, 1)
        << "the type of ICMPv6 port unreachable (1/4) quoting [fd00::1]:40000 -> [fd00:0:0:2::2]:9";
    EXPECT_EQ(e.code, 4)
        << "the code of ICMPv6 port unreachable (1/4) quoting [fd00::1]:40000 -> [fd00:0:0:2::2]:9";
    EXPECT_EQ(e.source.to_string(), "[fd00::1]:40000")
        << "the source of ICMPv6 port unreachable (1/4) quoting [fd00::1]:40000 -> "
           "[fd00:0:0:2::2]:9";
    EXPECT_EQ(e.destination.to_string(), "[fd00:0:0:2::2]:9")
        << "the destination of ICMPv6 port unreachable (1/4) quoting [fd00::1]:40000 -> "
           "[fd00:0:0:2::2]:9";

    // Behind a destination-options header (8 bytes) and a first-fragment header.
    Bytes quote = ipv6_header(60);
    put(quote, {44, 0, 1, 4, 0, 0, 0, 0});        // destination options -> fragment
    put(quote, {17, 0, 0x00, 0x01, 0, 0, 0, 7});  // fragment offset 0, more fragments
    const Bytes udp = udp_header(40000, 5000);
    quote.insert(quote.end(), udp.begin(), udp.end());
    const IcmpError x = expect_error(parse_icmp_error(AF_INET6, icmp6_message(1, 1, 0, quote)));
    EXPECT_EQ(x.destination.to_string(), "[fd00:0:0:2::2]:5000")
        << "the destination of ICMPv6 1/1 quoting a datagram behind destination options and a "
           "first-fragment header, to port 5000";
    EXPECT_EQ(x.source.port(), 40000)
        << "the source port of ICMPv6 1/1 quoting a datagram behind destination options and a "
           "first-fragment header, to port 5000";
}

TEST(IcmpError, MtuOfFragmentationNeededAndPacketTooBig) {
    // ICMPv4 3/4: the next-hop MTU is the low 16 bits (RFC 1191); the high ones are unused.
    const IcmpError v4 = expect_error(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 4, 0x000004b0, v4_quote()))));
    EXPECT_EQ(v4.mtu, 1200u)
        << "the mtu of fragmentation needed (3/4) with 0x000004b0 after the checksum";
    const IcmpError v4_port = expect_error(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0x000004b0, v4_quote()))));
    EXPECT_EQ(v4_port.mtu, 0u)
        << "the MTU of port unreachable (3/3) with 0x000004b0 after the checksum: only "
           "fragmentation needed carries an MTU";
    // ICMPv6 2: all 32 bits.
    const IcmpError v6 =
        expect_error(parse_icmp_error(AF_INET6, icmp6_message(2, 0, 0x00010500, v6_quote())));
    EXPECT_EQ(v6.type, 2)
        << "the type of ICMPv6 packet too big (2) with 0x00010500 after the checksum";
    EXPECT_EQ(v6.mtu, 0x10500u)
        << "the mtu of ICMPv6 packet too big (2) with 0x00010500 after the checksum";
}

TEST(IcmpError, MalformedAndForeignIgnored) {
    const Bytes good = ipv4_datagram(icmp_message(3, 3, 0, v4_quote()));
    ASSERT_TRUE(std::holds_alternative<IcmpError>(parse_icmp_error(AF_INET, good)))
        << "the intact port unreachable parses as an error";
    // Every truncation of a good datagram is ignored, and none is read past.
    for (std::size_t n = 0; n < 20 + 8 + 20 + 4; ++n) {
        Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
        cut.shrink_to_fit();
        EXPECT_TRUE(std::holds_alternative<Ignored>(parse_icmp_error(AF_INET, cut)))
            << "the first " << n << " bytes of a " << good.size() << "-byte port unreachable";
    }
    const Bytes good6 = icmp6_message(1, 4, 0, v6_quote());
    for (std::size_t n = 0; n < 8 + 40 + 4; ++n) {
        Bytes cut(good6.begin(), good6.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_TRUE(std::holds_alternative<Ignored>(parse_icmp_error(AF_INET6, cut)))
            << "the first " << n << " bytes of a " << good6.size()
            << "-byte ICMPv6 port unreachable";
    }

    Bytes bad_sum = good;
    bad_sum[22] ^= std::byte{0xff};
    EXPECT_TRUE(std::holds_alternative<Ignored>(parse_icmp_error(AF_INET, bad_sum)))
        << "an ICMP message whose checksum does not verify";

    Bytes tcp = ipv4_header(6);
    const Bytes ports = udp_header(40000, 9);
    tcp.insert(tcp.end(), ports.begin(), ports.end());
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, tcp)))))
        << "an error quoting a TCP segment, not UDP";

    Bytes later = ipv4_header(17, 0x00b9);  // a later fragment: no UDP header in it
    later.insert(later.end(), ports.begin(), ports.end());
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, later)))))
        << "an error quoting a later fragment (offset 0xb9): no UDP header in it";

    Bytes short_ihl = v4_quote();
    short_ihl[0] = std::byte{0x42};
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, short_ihl)))))
        << "an error quoting a header with IHL 2, below 5";
    Bytes long_ihl = v4_quote();
    long_ihl[0] = std::byte{0x4f};
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, long_ihl)))))
        << "an error quoting a header with IHL 15, longer than the quote";

    // Not errors: an echo reply, a redirect; ICMPv6 echo request.
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(0, 0, 0, v4_quote())))))
        << "an echo reply (0/0) is not an error";
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(5, 1, 0, v4_quote())))))
        << "a redirect (5/1) is not an error";
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET6, icmp6_message(128, 0, 0, v6_quote()))))
        << "an ICMPv6 echo request (128) is not an error";
    // An IPv4 quote in an ICMPv6 error, and an IPv6 one in an ICMPv4 error.
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET6, icmp6_message(1, 4, 0, v4_quote()))))
        << "an ICMPv6 error quoting an IPv4 header";
    EXPECT_TRUE(std::holds_alternative<Ignored>(
        parse_icmp_error(AF_INET, ipv4_datagram(icmp_message(3, 3, 0, v6_quote())))))
        << "an ICMPv4 error quoting an IPv6 header";
}

}  // namespace
