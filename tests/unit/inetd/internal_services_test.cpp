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
    ASSERT_EQ(first.size(), 74u);
    EXPECT_EQ(first.substr(0, 10), " !\"#$%&'()");
    EXPECT_EQ(first.substr(72), "\r\n");
    EXPECT_EQ(inetd::chargen_line(1).substr(0, 3), "!\"#");
    // Line 30 runs off the end of the ring ('~') and wraps around to ' '.
    const std::string wrapping = inetd::chargen_line(30);
    EXPECT_EQ(wrapping.front(), '>');
    EXPECT_EQ(wrapping.substr(63, 3), "}~ ");
    EXPECT_EQ(inetd::chargen_line(95), first);
}

TEST(InternalServices, TimeIsSecondsSince1900BigEndian) {
    // 2026-11-25 15:19:40 UTC = 1795619980 since 1970 = 4004608780 since 1900 (0xEEB17B0C).
    const std::string bytes = inetd::time_bytes(1795619980);
    ASSERT_EQ(bytes.size(), 4u);
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0xEE);
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0xB1);
    EXPECT_EQ(static_cast<unsigned char>(bytes[2]), 0x7B);
    EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0x0C);
    const std::string epoch = inetd::time_bytes(0);
    EXPECT_EQ(epoch, std::string("\x83\xaa\x7e\x80", 4));  // 2208988800
}

TEST(InternalServices, DaytimeIsCtimeWithCrLf) {
    setenv("TZ", "UTC", 1);
    tzset();
    EXPECT_EQ(inetd::daytime_text(0), "Thu Jan  1 00:00:00 1970\r\n");
    EXPECT_EQ(inetd::daytime_text(1795619980), "Wed Nov 25 15:19:40 2026\r\n");
}

np::SocketAddress v4(const char* host, std::uint16_t port) {
    return *np::SocketAddress::parse_numeric(host, port);
}

TEST(InternalServices, UdpAnswersNoLoopbackBroadcastOrMulticast) {
    EXPECT_FALSE(inetd::unsafe_udp_source(v4("10.0.0.1", 40000)));
    EXPECT_FALSE(inetd::unsafe_udp_source(v4("fd00::1", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("127.0.0.1", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("0.1.2.3", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("255.255.255.255", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("224.0.0.1", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("::1", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("::ffff:127.0.0.1", 40000)));
    EXPECT_TRUE(inetd::unsafe_udp_source(v4("10.0.0.1", 0)));
}

TEST(RateLimitTest, DisablesBeyondMaxPerMinute) {
    inetd::RateLimit limit(3);
    const auto t0 = np::Clock::now();
    EXPECT_TRUE(limit.allow(t0));
    EXPECT_TRUE(limit.allow(t0 + std::chrono::seconds(1)));
    EXPECT_TRUE(limit.allow(t0 + std::chrono::seconds(2)));
    EXPECT_FALSE(limit.allow(t0 + std::chrono::seconds(3)));
    // A new minute starts a new count.
    inetd::RateLimit later(3);
    EXPECT_TRUE(later.allow(t0));
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(30)));
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(59)));
    EXPECT_TRUE(later.allow(t0 + std::chrono::seconds(61)));
}

}  // namespace
