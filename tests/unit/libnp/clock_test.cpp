#include "np/clock.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <optional>
#include <thread>

namespace {

using namespace std::chrono_literals;

TEST(Deadline, FutureDeadlineCountsDown) {
    np::Deadline deadline(10s);
    EXPECT_FALSE(deadline.expired());
    EXPECT_GT(deadline.poll_timeout_ms(), 9000);
    EXPECT_LE(deadline.poll_timeout_ms(), 10000);
}

TEST(Deadline, ExpiresAndStaysAtZero) {
    np::Deadline deadline(1ms);
    std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(deadline.expired());
    EXPECT_EQ(deadline.poll_timeout_ms(), 0);
}

TEST(PollTimeout, RoundsUpToTheNextMillisecond) {
    const auto now = np::Clock::now();
    EXPECT_EQ(np::poll_timeout_ms(now + 1ns, now), 1);
    EXPECT_EQ(np::poll_timeout_ms(now + 1ms, now), 1);
    EXPECT_EQ(np::poll_timeout_ms(now + 1ms + 1ns, now), 2);
    EXPECT_EQ(np::poll_timeout_ms(now + 10s + 700us, now), 10001);
}

TEST(PollTimeout, IsZeroOnceTheDeadlineHasPassed) {
    const auto now = np::Clock::now();
    EXPECT_EQ(np::poll_timeout_ms(now, now), 0);
    EXPECT_EQ(np::poll_timeout_ms(now - 1ns, now), 0);
    EXPECT_EQ(np::poll_timeout_ms(now - 1h, now), 0);
}

TEST(PollTimeout, StopsAtIntMax) {
    const auto now = np::Clock::now();
    EXPECT_EQ(np::poll_timeout_ms(now + 1000h, now), INT_MAX);
    EXPECT_EQ(np::poll_timeout_ms(np::Clock::time_point::max(), now), INT_MAX);
}

TEST(PollTimeout, WaitsForeverWithoutADeadline) {
    EXPECT_EQ(np::poll_timeout_ms(std::nullopt), -1);
}

TEST(Clock, ToTimespecSplitsSecondsAndNanoseconds) {
    timespec ts = np::to_timespec(2s + 250ms);
    EXPECT_EQ(ts.tv_sec, 2);
    EXPECT_EQ(ts.tv_nsec, 250'000'000);
    ts = np::to_timespec(999ns);
    EXPECT_EQ(ts.tv_sec, 0);
    EXPECT_EQ(ts.tv_nsec, 999);
}

}  // namespace
