// The bytes of the internal services, against their RFCs.

#include "internal_services.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "rate_limit.hpp"

namespace {

TEST(InternalServices, ChargenLinesRotateOverThePrintableRing) {
    const std::string first = inetd::chargen_line(0);
    ASSERT_EQ(first.size(), 74u) << "chargen_line(0): 72 characters and CR LF";
    EXPECT_EQ(first.substr(0, 10), " !\"#$%&'()")
        << "chargen_line(0) starts at ' ', the first printable character";
    EXPECT_EQ(first.substr(72), "\r\n") << "chargen_line(0) ends with CR LF";
    EXPECT_EQ(inetd::chargen_line(1).substr(0, 3), "!\"#")
        << "chargen_line(1) starts one character later";
    // Line 30 runs off the end of the ring ('~') and wraps around to ' '.
    const std::string wrapping = inetd::chargen_line(30);
    EXPECT_EQ(wrapping.front(), '>') << "chargen_line(30) starts 30 characters after ' '";
    EXPECT_EQ(wrapping.substr(63, 3), "}~ ")
        << "chargen_line(30) at characters 63-65: after '~' the ring wraps to ' '";
    EXPECT_EQ(inetd::chargen_line(95), first)
        << "chargen_line(95) is chargen_line(0): the ring has 95 characters";
}

TEST(InternalServices, TimeIsSecondsSince1900BigEndian) {
    // 2026-11-25 15:19:40 UTC = 1795619980 since 1970 = 4004608780 since 1900 (0xEEB17B0C).
    const std::string bytes = inetd::time_bytes(1795619980);
    ASSERT_EQ(bytes.size(), 4u) << "time_bytes(1795619980): 32 bits";
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0xEE)
        << "time_bytes(1795619980) byte 0 of 0xEEB17B0C, big-endian";
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0xB1)
        << "time_bytes(1795619980) byte 1 of 0xEEB17B0C, big-endian";
    EXPECT_EQ(static_cast<unsigned char>(bytes[2]), 0x7B)
        << "time_bytes(1795619980) byte 2 of 0xEEB17B0C, big-endian";
    EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0x0C)
        << "time_bytes(1795619980) byte 3 of 0xEEB17B0C, big-endian";
    const std::string epoch = inetd::time_bytes(0);
    EXPECT_EQ(epoch, std::string("\x83\xaa\x7e\x80", 4))
        << "time_bytes(0): the Unix epoch is 2208988800 (0x83AA7E80) seconds after 1900";
}

TEST(InternalServices, DaytimeIsCtimeWithCrLf) {
    setenv("TZ", "UTC", 1);
    tzset();
    EXPECT_EQ(inetd::daytime_text(0), "Thu Jan  1 00:00:00 1970\r\n")
        << "daytime_text(0) in UTC: ctime's form with CR LF";
    EXPECT_EQ(inetd::daytime_text(1795619980), "Wed Nov 25 15:19:40 2026\r\n")
        << "daytime_text(1795619980) in UTC";
}

np::SocketAddress v4(const char* host, std::uint16_t port) {
    return *np::SocketAddress::parse_numeric(host, port);
}

TEST(InternalServices, UdpAnswersNoLoopbackBroadcastOrMulticast) {
    EXPECT_FALSE(inetd::unsafe_udp_source(v4("10.0.0.1", 40000)))
        << "a datagram from 10.0.0.1 port 40000 (an ordinary address): safe to answer";
    EXPECT_FALSE(inetd::unsafe_udp_source(v4("fd00::1", 40000)))
        << "a datagram from fd00::1 port 40000 (an ordinary address): safe to answer";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("127.0.0.1", 40000)))
        << "a datagram from 127.0.0.1 port 40000 (loopback): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("0.1.2.3", 40000)))
        << "a datagram from 0.1.2.3 port 40000 (network 0): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("255.255.255.255", 40000)))
        << "a datagram from 255.255.255.255 port 40000 (broadcast): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("224.0.0.1", 40000)))
        << "a datagram from 224.0.0.1 port 40000 (multicast): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("::1", 40000)))
        << "a datagram from ::1 port 40000 (IPv6 loopback): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("::ffff:127.0.0.1", 40000)))
        << "a datagram from ::ffff:127.0.0.1 port 40000 (loopback mapped into IPv6): not answered";
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("10.0.0.1", 0)))
        << "a datagram from 10.0.0.1 port 0 (source port 0): not answered";
}

TEST(RateLimitTest, DisablesBeyondMaxPerMinute) {
    inetd::RateLimit limit(3);
    const auto t0 = np::Clock::now();
    EXPECT_TRUE(limit.allow(t0)) << "a start at t0 + 0 s: allowed (a fresh limit of 3 per minute)";
    EXPECT_TRUE(limit.allow(t0 + std::chrono::seconds(1)))
        << "a start at t0 + 1 s: allowed (a fresh limit of 3 per minute)";
    EXPECT_TRUE(limit.allow(t0 + std::chrono::seconds(2)))
        << "a start at t0 + 2 s: allowed (a fresh limit of 3 per minute)";
    EXPECT_FALSE(limit.allow(t0 + std::chrono::seconds(3)))
        << "a start at t0 + 3 s: refused (the 4th start within a minute, limit 3)";
    // A new minute starts a new count.
    inetd::RateLimit later(3);
    EXPECT_TRUE(later.allow(t0)) << "a start at t0 + 0 s: allowed (a limit of 3 per minute)";
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(30)))
        << "a start at t0 + 30 s: allowed (a limit of 3 per minute)";
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(59)))
        << "a start at t0 + 59 s: allowed (a limit of 3 per minute)";
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(61)))
        << "a start at t0 + 61 s: allowed (a limit of 3 per minute: after 61 s a new minute counts "
           "anew)";
}

}  // namespace
