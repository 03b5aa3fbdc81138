// The ping lab's statistics: the summary lines and reply times, digit for digit as
// iputils ping prints them.

#include "rtt_stats.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>

namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

ping::RttStats with_replies(int transmitted, std::initializer_list<long> rtts_us) {
    ping::RttStats stats;
    for (int i = 0; i < transmitted; ++i) stats.add_transmitted();
    for (long us : rtts_us) stats.add_reply(microseconds(us));
    return stats;
}

TEST(RttStats, SummaryLikeIputils) {
    ping::RttStats stats = with_replies(3, {1000, 2000});
    EXPECT_EQ(stats.counts_line(milliseconds(2003)),
              "3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms")
        << "loss is (3 - 2) * 100 / 3 printed with %g";
    EXPECT_EQ(stats.rtt_line(), "rtt min/avg/max/mdev = 1.000/1.500/2.000/0.500 ms")
        << "replies of 1000 and 2000 us";

    EXPECT_EQ(with_replies(3, {500}).counts_line(milliseconds(2002)),
              "3 packets transmitted, 1 received, 66.6667% packet loss, time 2002ms")
        << "3 sent, 1 reply";

    stats = with_replies(3, {100, 200, 300});
    stats.add_duplicate(microseconds(400));
    EXPECT_EQ(stats.received(), 3) << "a duplicate is not a reception";
    EXPECT_EQ(stats.counts_line(milliseconds(2002)),
              "3 packets transmitted, 3 received, +1 duplicates, 0% packet loss, time 2002ms")
        << "3 sent, 3 replies and 1 duplicate";

    ping::RttStats errors = with_replies(2, {});
    errors.add_error();
    errors.add_error();
    EXPECT_EQ(errors.counts_line(milliseconds(1001)),
              "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms")
        << "2 sent, 2 ICMP errors back";
    EXPECT_FALSE(errors.rtt_line().has_value()) << "no RTT line when nothing came back";

    ping::RttStats untimed = with_replies(1, {});
    untimed.add_reply(std::nullopt);  // -s below 16: a reply without a timestamp
    EXPECT_EQ(untimed.counts_line(milliseconds(0)),
              "1 packets transmitted, 1 received, 0% packet loss, time 0ms")
        << "1 sent, 1 reply without a timestamp";
    EXPECT_FALSE(untimed.rtt_line().has_value()) << "no RTT line without timed replies";

    EXPECT_EQ(ping::RttStats().counts_line(milliseconds(0)), "0 packets transmitted, 0 received")
        << "nothing sent: no loss, no time";
}

TEST(RttStats, MdevIntegerMicroseconds) {
    // Times iputils measured on loopback, and the line it printed for them.
    ping::RttStats stats = with_replies(3, {260, 67, 40});
    EXPECT_EQ(stats.rtt_line(), "rtt min/avg/max/mdev = 0.040/0.122/0.260/0.097 ms")
        << "avg and mdev truncated to whole microseconds; mdev from integer arithmetic";
    EXPECT_EQ(with_replies(3, {31, 33, 31}).rtt_line(),
              "rtt min/avg/max/mdev = 0.031/0.031/0.033/0.001 ms")
        << "replies of 31, 33 and 31 us: avg 31.67 truncated to 31";
    EXPECT_EQ(with_replies(1, {20123}).rtt_line(),
              "rtt min/avg/max/mdev = 20.123/20.123/20.123/0.000 ms")
        << "one reply of 20123 us: mdev 0";

    ping::RttStats dup = with_replies(1, {1000});
    dup.add_duplicate(microseconds(3000));
    EXPECT_EQ(dup.rtt_line(), "rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms")
        << "a duplicate's time counts in the statistics";
    EXPECT_EQ(dup.max_rtt(), microseconds(3000))
        << "max_rtt after a reply of 1000 us and a duplicate of 3000 us";
}

TEST(TimeFormat, Precision) {
    EXPECT_EQ(ping::format_time_ms(0.287), "0.287") << "0.287 ms: below 1 ms: 3 decimals";
    EXPECT_EQ(ping::format_time_ms(0.999), "0.999") << "0.999 ms: below 1 ms: 3 decimals";
    EXPECT_EQ(ping::format_time_ms(1.0), "1.00") << "1.0 ms: below 10 ms: 2 decimals";
    EXPECT_EQ(ping::format_time_ms(1.234), "1.23") << "1.234 ms: below 10 ms: 2 decimals";
    EXPECT_EQ(ping::format_time_ms(1.235), "1.24") << "1.235 ms: rounded, not truncated";
    EXPECT_EQ(ping::format_time_ms(9.994), "9.99") << "9.994 ms: below 10 ms: 2 decimals";
    EXPECT_EQ(ping::format_time_ms(9.995), "10.0") << "9.995 ms: rounds up into the next range";
    EXPECT_EQ(ping::format_time_ms(20.14), "20.1") << "20.14 ms: below 100 ms: 1 decimal";
    EXPECT_EQ(ping::format_time_ms(20.15), "20.2") << "20.15 ms: below 100 ms: 1 decimal";
    EXPECT_EQ(ping::format_time_ms(99.94), "99.9") << "99.94 ms: below 100 ms: 1 decimal";
    EXPECT_EQ(ping::format_time_ms(99.95), "100") << "99.95 ms: rounds up into the next range";
    EXPECT_EQ(ping::format_time_ms(123.4), "123") << "123.4 ms: from 100 ms on: whole milliseconds";
    EXPECT_EQ(ping::format_time_ms(1234.5), "1235")
        << "1234.5 ms: from 100 ms on: whole milliseconds";
}

}  // namespace
