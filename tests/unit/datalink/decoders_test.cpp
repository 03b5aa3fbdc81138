// The decoders on valid frames (the text tcpdump -n prints for them), on headers that lie,
// and on every prefix of each frame: a frame cut inside its headers ends in tcpdump's
// truncation mark " [|proto]"; cut after them, it prints whole. Prefixes are copied into
// buffers of exactly their size, so a read past the capture is a bug a sanitizer sees.

#include <gtest/gtest.h>

#include <string>

#include "frames.hpp"
#include "packet_printer.hpp"

using namespace frames;

namespace {

std::string describe(const Bytes& frame, datalink::Style style = {}) {
    datalink::PacketPrinter printer(style);
    return printer.describe(frame, frame.size());
}

// Every prefix shorter than `header_end` is marked as truncated, with `marker` once the
// Ethernet header is whole; every longer prefix prints `whole`.
void expect_prefixes(const Bytes& frame, std::size_t header_end, const std::string& marker,
                     const std::string& whole) {
    ASSERT_EQ(describe(frame), whole) << "the line for the whole " << frame.size() << "-byte frame";
    for (std::size_t kept = 0; kept < frame.size(); ++kept) {
        const Bytes prefix(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(kept));
        datalink::PacketPrinter printer({});
        const std::string line = printer.describe(prefix, frame.size());
        if (kept < 14) {
            EXPECT_EQ(line, " [|ether]")
                << "the line for the first " << kept << " bytes of the " << frame.size()
                << "-byte frame: inside the Ethernet header";
        } else if (kept < header_end) {
            EXPECT_NE(line.find(" [|"), std::string::npos)
                << "the line for the first " << kept << " bytes of the " << frame.size()
                << "-byte frame must be marked truncated with [|...]; it is \"" << line << "\"";
            if (kept >= header_end - 1) {
                EXPECT_NE(line.find(marker), std::string::npos)
                    << "the line for the first " << kept << " bytes of the " << frame.size()
                    << "-byte frame, one byte short of the header, must say \"" << marker
                    << "\"; it is \"" << line << "\"";
            }
        } else {
            EXPECT_EQ(line, whole) << "the line for the first " << kept << " bytes of the "
                                   << frame.size() << "-byte frame: the headers are whole";
        }
    }
}

const Bytes kEchoData(56, std::byte{'x'});

}  // namespace

TEST(Ethernet, LinkHeaderAndVlanTags) {
    const Bytes frame = ethernet(ipv4(icmp(8, 0, 7, 1, kEchoData), 1), 0x0800);
    EXPECT_EQ(describe(frame, {true, false}),
              "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 98: "
              "10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64")
        << "tcpdump -e's line for an IPv4 echo request in an untagged frame";
    const Bytes tagged = ethernet(ipv4(icmp(8, 0, 7, 1, kEchoData), 1), 0x0800, 10);
    EXPECT_EQ(describe(tagged), "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64")
        << "tcpdump's line for the same echo request in a frame tagged VLAN 10: the tag is skipped";
    EXPECT_EQ(describe(tagged, {true, false}),
              "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q (0x8100), length 102: "
              "vlan 10, p 1, ethertype IPv4 (0x0800), 10.0.0.1 > 10.0.0.2: ICMP echo request, "
              "id 7, seq 1, length 64")
        << "tcpdump -e's line for the frame tagged VLAN 10: the tag is shown";
}

TEST(Ethernet, EveryTruncationMarked) {
    const Bytes tagged = ethernet(ipv4(udp(1000, 2000, 5), 17), 0x0800, 20);
    expect_prefixes(tagged, 18 + 28, " [|udp]", "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 5");
    const Bytes cut(tagged.begin(), tagged.begin() + 16);
    datalink::PacketPrinter printer({});
    EXPECT_EQ(printer.describe(cut, tagged.size()), " [|vlan]")
        << "the line for the first 16 bytes of a VLAN-tagged frame: cut inside the tag";
}

TEST(Arp, RequestAndReply) {
    EXPECT_EQ(
        describe(ethernet(arp(1, kMac1, "10.0.0.1", mac({0, 0, 0, 0, 0, 0}), "10.0.0.2"), 0x0806)),
        "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28")
        << "an ARP request from 10.0.0.1 for 10.0.0.2";
    EXPECT_EQ(describe(ethernet(arp(2, kMac2, "10.0.0.2", kMac1, "10.0.0.1"), 0x0806)),
              "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28")
        << "an ARP reply: 10.0.0.2 is at 02:00:00:00:00:02";
    EXPECT_EQ(
        describe(ethernet(arp(2, kMac2, "10.0.0.2", kMac1, "10.0.0.1"), 0x0806), {true, false}),
        "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype ARP (0x0806), length 42: "
        "Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28")
        << "tcpdump -e's line for that ARP reply";
}

TEST(Arp, EveryTruncationMarked) {
    const Bytes frame =
        ethernet(arp(1, kMac1, "10.0.0.1", mac({0, 0, 0, 0, 0, 0}), "10.0.0.2"), 0x0806);
    expect_prefixes(frame, 42, " [|arp]", "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28");
}

TEST(Ipv4, AddressesProtocolAndFragments) {
    EXPECT_EQ(describe(ethernet(ipv4(Bytes(3, std::byte{'a'}), 253), 0x0800)),
              "IP 10.0.0.1 > 10.0.0.2:  ip-proto-253 3")
        << "an IPv4 datagram of protocol 253 with 3 bytes of data";
    Ipv4Fields later;
    later.flags_offset = 0x0010;  // offset 128: no UDP header in this fragment
    EXPECT_EQ(describe(ethernet(ipv4(udp(1, 2, 5), 17, later), 0x0800)),
              "IP 10.0.0.1 > 10.0.0.2: ip-proto-17")
        << "a later IPv4 fragment (offset 128) of a UDP datagram: no UDP header, so no ports";
    Ipv4Fields first;
    first.flags_offset = 0x2000;  // more fragments: UDP's length is the whole datagram's
    const Bytes whole = udp(1, 2, 2000);
    EXPECT_EQ(
        describe(ethernet(ipv4(Bytes(whole.begin(), whole.begin() + 1480), 17, first), 0x0800)),
        "IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 2000")
        << "the first IPv4 fragment (MF) of a 2008-byte UDP datagram: UDP's length is the whole "
           "datagram's";
}

TEST(Ipv4, LyingHeaderLengths) {
    Ipv4Fields short_ihl;
    short_ihl.ihl = 4;
    EXPECT_EQ(describe(ethernet(ipv4(icmp(8, 0, 7, 1, kEchoData), 1, short_ihl), 0x0800)),
              "IP bad-hlen 16")
        << "an IPv4 header with IHL 4 (16 bytes)";
    Ipv4Fields long_ihl;
    long_ihl.ihl = 15;  // 60 bytes of header in a 48-byte datagram
    EXPECT_EQ(describe(ethernet(ipv4(icmp(8, 0, 7, 1, {}), 1, long_ihl), 0x0800)), "IP  [|ip]")
        << "an IPv4 header with IHL 15 (60 bytes) in a 48-byte datagram";
    Ipv4Fields long_total;
    long_total.total_length = 2000;
    EXPECT_EQ(describe(ethernet(ipv4(icmp(8, 0, 7, 1, kEchoData), 1, long_total), 0x0800)),
              "IP truncated-ip - 1916 bytes missing! 10.0.0.1 > 10.0.0.2: ICMP echo request, "
              "id 7, seq 1, length 1980")
        << "an IPv4 total length of 2000 in an 84-byte datagram";
}

TEST(Ipv4, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv4(Bytes(3, std::byte{'a'}), 253), 0x0800);
    expect_prefixes(frame, 34, " [|ip]", "IP 10.0.0.1 > 10.0.0.2:  ip-proto-253 3");
}

TEST(Ipv6, Icmp6NeighborDiscoveryAndEcho) {
    Bytes solicitation = icmp(135, 0, 0, 0, address(AF_INET6, "fd00::2"));
    EXPECT_EQ(describe(ethernet(ipv6(solicitation, 58, -1, "fd00::1", "ff02::1:ff00:2"), 0x86dd)),
              "IP6 fd00::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fd00::2, "
              "length 24")
        << "an ICMPv6 neighbor solicitation for fd00::2";
    Bytes advertisement = icmp(136, 0, 0x6000, 0, address(AF_INET6, "fd00::2"));
    EXPECT_EQ(describe(ethernet(ipv6(advertisement, 58, -1, "fd00::2", "fd00::1"), 0x86dd)),
              "IP6 fd00::2 > fd00::1: ICMP6, neighbor advertisement, tgt is fd00::2, length 24")
        << "an ICMPv6 neighbor advertisement for fd00::2 (flags solicited, override)";
    EXPECT_EQ(describe(ethernet(ipv6(icmp(129, 0, 9, 3, kEchoData), 58), 0x86dd)),
              "IP6 fd00::1 > fd00::2: ICMP6, echo reply, id 9, seq 3, length 64")
        << "an ICMPv6 echo reply, id 9, seq 3";
    // A redirect names the destination, then the better first hop (the target).
    Bytes addresses = address(AF_INET6, "fe80::1");   // the target: the better first hop
    append(addresses, address(AF_INET6, "fd00::9"));  // the destination
    EXPECT_EQ(describe(ethernet(ipv6(icmp(137, 0, 0, 0, addresses), 58), 0x86dd)),
              "IP6 fd00::1 > fd00::2: ICMP6, redirect, fd00::9 to fe80::1, length 40")
        << "an ICMPv6 redirect: destination fd00::9, better first hop fe80::1";
}

TEST(Ipv6, FragmentHeader) {
    // A UDP datagram of 100 data bytes split after 56 bytes: the first fragment holds the
    // UDP header, whose length is the whole datagram's; after an extension header tcpdump
    // prints the ports without the addresses it printed already.
    const Bytes whole = udp(5, 6, 100);
    Bytes first;
    put8(first, 17);
    put8(first, 0);
    put16(first, 0x0001);  // offset 0, more fragments
    put32(first, 0x1234);
    append(first, Bytes(whole.begin(), whole.begin() + 56));
    EXPECT_EQ(describe(ethernet(ipv6(first, 44), 0x86dd)),
              "IP6 fd00::1 > fd00::2: frag (0|56) 5 > 6: UDP, length 100")
        << "the first IPv6 fragment (offset 0, more fragments) of a UDP datagram of 100 bytes";
    Bytes later;
    put8(later, 17);
    put8(later, 0);
    put16(later, 56);  // offset 56, last fragment
    put32(later, 0x1234);
    append(later, Bytes(whole.begin() + 56, whole.end()));
    EXPECT_EQ(describe(ethernet(ipv6(later, 44), 0x86dd)), "IP6 fd00::1 > fd00::2: frag (56|52)")
        << "the last IPv6 fragment (offset 56) of that datagram: no UDP header";
}

TEST(Ipv6, LyingPayloadLength) {
    EXPECT_EQ(describe(ethernet(ipv6(udp(1000, 2000, 5), 17, 300), 0x86dd)),
              "IP6 truncated-ip6 - 287 bytes missing!fd00::1.1000 > fd00::2.2000: UDP, length 5")
        << "an IPv6 payload length of 300 with 13 bytes of payload";
}

TEST(Ipv6, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv6(udp(1000, 2000, 5), 17), 0x86dd);
    expect_prefixes(frame, 62, " [|udp]", "IP6 fd00::1.1000 > fd00::2.2000: UDP, length 5");
    const Bytes cut(frame.begin(), frame.begin() + 40);
    datalink::PacketPrinter printer({});
    EXPECT_EQ(printer.describe(cut, frame.size()), " [|ip6]")
        << "the line for the first 40 bytes of an IPv6 frame: cut inside the IPv6 header";
}

TEST(Icmp, EchoAndErrors) {
    EXPECT_EQ(describe(ethernet(ipv4(icmp(0, 0, 7, 1, kEchoData), 1), 0x0800)),
              "IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 7, seq 1, length 64")
        << "an ICMP echo reply, id 7, seq 1";
    Ipv4Fields back;
    back.source = "10.0.0.2";
    back.destination = "10.0.0.1";
    const Bytes quoted = ipv4(udp(40000, 9999, 5), 17);
    Bytes quoted_start(quoted.begin(), quoted.begin() + 28);
    EXPECT_EQ(describe(ethernet(ipv4(icmp(3, 3, 0, 0, quoted_start), 1, back), 0x0800)),
              "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 9999 unreachable, length 36")
        << "a port unreachable (3/3) quoting a UDP datagram to port 9999";
    EXPECT_EQ(describe(ethernet(ipv4(icmp(3, 1, 0, 0, quoted_start), 1, back), 0x0800)),
              "IP 10.0.0.2 > 10.0.0.1: ICMP host 10.0.0.2 unreachable, length 36")
        << "a host unreachable (3/1)";
    EXPECT_EQ(describe(ethernet(ipv4(icmp(11, 0, 0, 0, quoted_start), 1, back), 0x0800)),
              "IP 10.0.0.2 > 10.0.0.1: ICMP time exceeded in-transit, length 36")
        << "a time exceeded in transit (11/0)";
    // A redirect: the gateway 10.0.0.254 in the 4 bytes after the checksum.
    EXPECT_EQ(describe(ethernet(ipv4(icmp(5, 1, 0x0a00, 0x00fe, quoted_start), 1, back), 0x0800)),
              "IP 10.0.0.2 > 10.0.0.1: ICMP redirect 10.0.0.2 to host 10.0.0.254, length 36")
        << "a host redirect (5/1) to gateway 10.0.0.254";
}

TEST(Icmp, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv4(icmp(8, 0, 7, 1, kEchoData), 1), 0x0800);
    expect_prefixes(frame, 42, " [|icmp]",
                    "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64");
}

TEST(Icmp6, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv6(icmp(128, 0, 7, 1, kEchoData), 58), 0x86dd);
    expect_prefixes(frame, 62, " [|icmp6]",
                    "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64");
    const Bytes cut(frame.begin(), frame.begin() + 55);
    datalink::PacketPrinter printer({});
    EXPECT_EQ(printer.describe(cut, frame.size()),
              "IP6 fd00::1 > fd00::2: ICMP6, echo request [|icmp6]")
        << "the line for the first 55 bytes of an ICMPv6 echo request: cut after the type";
}

TEST(Udp, PortsAndLyingLengths) {
    EXPECT_EQ(describe(ethernet(ipv4(udp(1000, 2000, 5, 500), 17), 0x0800)),
              "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, bad length 492 > 5")
        << "a UDP length of 500 with 5 bytes of data";
    EXPECT_EQ(describe(ethernet(ipv4(udp(1000, 2000, 5, 3), 17), 0x0800)),
              "IP 10.0.0.1.1000 > 10.0.0.2.2000: truncated-udplength 3")
        << "a UDP length of 3, below the 8-byte header";
}

TEST(Udp, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv4(udp(1000, 2000, 5), 17), 0x0800);
    expect_prefixes(frame, 42, " [|udp]", "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 5");
}

TEST(Tcp, FlagsSequenceAndOptions) {
    EXPECT_EQ(describe(ethernet(ipv4(tcp(40000, 80, 100, 0, 0x02, syn_options()), 6), 0x0800)),
              "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 512, options [mss "
              "1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0")
        << "a SYN with the options mss 1460, sackOK, timestamps, nop, wscale 7";
    EXPECT_EQ(describe(ethernet(ipv4(tcp(1, 2, 3, 4, 0xff), 6), 0x0800)),
              "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [FSRP.UEW], seq 3, ack 4, win 512, urg 0, "
              "length 0")
        << "a segment with every flag set";
    EXPECT_EQ(describe(ethernet(ipv4(tcp(1, 2, 3, 4, 0), 6), 0x0800)),
              "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [none], win 512, length 0")
        << "a segment with no flag set";
    EXPECT_EQ(describe(ethernet(ipv4(tcp(1, 2, 3, 4, 0x12, {}, 0, 15), 6), 0x0800)),
              "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S.] [bad hdr length 60 - too long, > 20]")
        << "a SYN-ACK with data offset 15 (60 bytes) in a 20-byte segment";
    EXPECT_EQ(describe(ethernet(ipv4(tcp(1, 2, 3, 4, 0x02, {}, 0, 3), 6), 0x0800)),
              "IP 10.0.0.1.1 > 10.0.0.2.2:  tcp 8 [bad hdr length 12 - too short, < 20]")
        << "a SYN with data offset 3 (12 bytes), below 20";
    EXPECT_EQ(describe(ethernet(ipv4(tcp(1, 2, 3, 4, 0x18, {}, 6), 6), 0x0800), {false, true}),
              "IP 10.0.0.1.1 > 10.0.0.2.2: tcp 6")
        << "tcpdump -q's line for a PSH-ACK with 6 bytes";
}

TEST(Tcp, RelativeSequenceNumbers) {
    // One printer for the whole connection: tcpdump remembers it between packets.
    datalink::PacketPrinter printer({});
    auto line = [&](const Bytes& segment, bool from_client) {
        Ipv4Fields f;
        if (!from_client) std::swap(f.source, f.destination);
        const Bytes frame = ethernet(ipv4(segment, 6, f), 0x0800);
        return printer.describe(frame, frame.size());
    };
    EXPECT_EQ(line(tcp(4000, 80, 1000, 0, 0x02), true),
              "IP 10.0.0.1.4000 > 10.0.0.2.80: Flags [S], seq 1000, win 512, length 0")
        << "the client's SYN, seq 1000: the first packet shows absolute numbers";
    EXPECT_EQ(line(tcp(80, 4000, 5000, 1001, 0x12), false),
              "IP 10.0.0.2.80 > 10.0.0.1.4000: Flags [S.], seq 5000, ack 1001, win 512, length 0")
        << "the server's SYN-ACK, seq 5000: absolute numbers too";
    EXPECT_EQ(line(tcp(4000, 80, 1001, 5001, 0x10), true),
              "IP 10.0.0.1.4000 > 10.0.0.2.80: Flags [.], ack 1, win 512, length 0")
        << "the client's ACK: ack relative to the server's initial 5000";
    EXPECT_EQ(line(tcp(4000, 80, 1001, 5001, 0x18, {}, 6), true),
              "IP 10.0.0.1.4000 > 10.0.0.2.80: Flags [P.], seq 1:7, ack 1, win 512, length 6")
        << "the client's 6 bytes: seq relative to its initial 1000";
    EXPECT_EQ(line(tcp(80, 4000, 5001, 1007, 0x11), false),
              "IP 10.0.0.2.80 > 10.0.0.1.4000: Flags [F.], seq 1, ack 7, win 512, length 0")
        << "the server's FIN: seq and ack relative";
    // SACK blocks name the other side's bytes: relative to its initial number, as ack is.
    Bytes sack;
    put8(sack, 1);
    put8(sack, 1);
    put8(sack, 5);
    put8(sack, 10);
    put32(sack, 5101);
    put32(sack, 5201);
    EXPECT_EQ(line(tcp(4000, 80, 1007, 5001, 0x10, sack), true),
              "IP 10.0.0.1.4000 > 10.0.0.2.80: Flags [.], ack 1, win 512, options "
              "[nop,nop,sack 1 {101:201}], length 0")
        << "the client's ACK with SACK 5101-5201: relative to the server's initial number, as ack "
           "is";
}

TEST(Tcp, EveryTruncationMarked) {
    const Bytes frame = ethernet(ipv4(tcp(40000, 80, 100, 0, 0x02, syn_options()), 6), 0x0800);
    expect_prefixes(frame, 74, " [|tcp]",
                    "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 512, options [mss "
                    "1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0");
    const Bytes cut(frame.begin(), frame.begin() + 60);
    datalink::PacketPrinter printer({});
    EXPECT_EQ(printer.describe(cut, frame.size()),
              "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 512, options "
              "[mss 1460,sackOK, [|tcp]")
        << "the line for the first 60 bytes of the SYN: cut inside the options";
}
