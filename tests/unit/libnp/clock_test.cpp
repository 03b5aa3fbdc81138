#include "np/clock.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace std::chrono_literals;

TEST(Deadline, NeverExpires) {
    auto deadline = np::Deadline::never();
    EXPECT_FALSE(deadline.expired());
    EXPECT_EQ(deadline.poll_timeout_ms(), -1);
    EXPECT_EQ(deadline.remaining(), np::Clock::duration::max());
}

TEST(Deadline, FutureDeadlineCountsDown) {
    np::Deadline deadline(10s);
    EXPECT_FALSE(deadline.expired());
    EXPECT_GT(deadline.remaining(), 9s);
    EXPECT_LE(deadline.remaining(), 10s);
    EXPECT_GT(deadline.poll_timeout_ms(), 9000);
    EXPECT_LE(deadline.poll_timeout_ms(), 10000);
}

TEST(Deadline, ExpiresAndStaysAtZero) {
    np::Deadline deadline(1ms);
    std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(deadline.expired());
    EXPECT_EQ(deadline.remaining(), np::Clock::duration::zero());
    EXPECT_EQ(deadline.poll_timeout_ms(), 0);
}

TEST(Deadline, PollTimeoutRoundsUp) {
    // Rounding 10000.7 ms down would wake poll() just before the deadline, to spin with 0.
    np::Deadline deadline(10s + 700us);
    auto timeout = std::chrono::milliseconds(deadline.poll_timeout_ms());
    EXPECT_GE(timeout, deadline.remaining());
}

TEST(Clock, ToMsKeepsFractions) {
    EXPECT_DOUBLE_EQ(np::to_ms(1500us), 1.5);
    EXPECT_DOUBLE_EQ(np::to_ms(2s), 2000.0);
    EXPECT_DOUBLE_EQ(np::to_ms(np::Clock::duration::zero()), 0.0);
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
