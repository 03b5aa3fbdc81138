// np-udpd's request: an optional "delay MS" at its start.

#include "udp_request.hpp"

#include <gtest/gtest.h>

TEST(UdpRequest, ReadsDelay) {
    using std::chrono::milliseconds;
    EXPECT_EQ(concurrent::parse_udp_request("delay 500 hello").delay, milliseconds(500))
        << "the delay of \"delay 500 hello\"";
    EXPECT_EQ(concurrent::parse_udp_request("delay 20").delay, milliseconds(20))
        << "the delay of \"delay 20\" (nothing after the number)";
    EXPECT_EQ(concurrent::parse_udp_request("hello").delay, milliseconds(0))
        << "the delay of \"hello\": no delay asked";
    EXPECT_EQ(concurrent::parse_udp_request("delay x").delay, milliseconds(0))
        << "the delay of \"delay x\": not a number, no delay";
    EXPECT_EQ(concurrent::parse_udp_request("delay 12ab").delay, milliseconds(0))
        << "the delay of \"delay 12ab\": not a whole number, no delay";
    EXPECT_EQ(concurrent::parse_udp_request("delay 99999999").delay, concurrent::kMaxDelay)
        << "the delay of \"delay 99999999\": capped at kMaxDelay";
    EXPECT_EQ(concurrent::parse_udp_request("delay 5 x").text, "delay 5 x")
        << "the request's text is the whole datagram, delay included";
    EXPECT_EQ(concurrent::format_udp_reply(42, "delay 5 x"), "pid 42: delay 5 x")
        << "the reply from pid 42 to \"delay 5 x\"";
}
