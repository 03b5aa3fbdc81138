// np-udpd's request: an optional "delay MS" at its start.

#include "udp_request.hpp"

#include <gtest/gtest.h>

TEST(UdpRequest, ReadsDelay) {
    using std::chrono::milliseconds;
    EXPECT_EQ(concurrent::parse_udp_request("delay 500 hello").delay, milliseconds(500));
    EXPECT_EQ(concurrent::parse_udp_request("delay 20").delay, milliseconds(20));
    EXPECT_EQ(concurrent::parse_udp_request("hello").delay, milliseconds(0));
    EXPECT_EQ(concurrent::parse_udp_request("delay x").delay, milliseconds(0));
    EXPECT_EQ(concurrent::parse_udp_request("delay 12ab").delay, milliseconds(0));
    EXPECT_EQ(concurrent::parse_udp_request("delay 99999999").delay, concurrent::kMaxDelay);
    EXPECT_EQ(concurrent::parse_udp_request("delay 5 x").text, "delay 5 x");
    EXPECT_EQ(concurrent::format_udp_reply(42, "delay 5 x"), "pid 42: delay 5 x");
}
