// The loop's timers: earliest first, ties in the order added, cancellation, and the loop
// itself running them in that order.

#include "timer_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "event_loop.hpp"

namespace {

using namespace std::chrono_literals;
using eventloop::TimerQueue;

const np::Clock::time_point kStart = np::Clock::now();

TEST(TimerQueue, DueTimersComeEarliestFirst) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 30ms, [&] { ran.push_back(30); });
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    for (auto& callback : timers.take_due(kStart + 100ms)) callback();
    EXPECT_EQ(ran, (std::vector<int>{10, 20, 30}));
    EXPECT_EQ(timers.size(), 0u);
}

TEST(TimerQueue, SameDeadlineRunsInOrderAdded) {
    TimerQueue timers;
    std::vector<int> ran;
    for (int i = 0; i < 5; ++i) timers.add(kStart + 5ms, [&ran, i] { ran.push_back(i); });
    for (auto& callback : timers.take_due(kStart + 5ms)) callback();
    EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(TimerQueue, OnlyDueTimersAreTaken) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    for (auto& callback : timers.take_due(kStart + 10ms)) callback();  // the deadline itself is due
    EXPECT_EQ(ran, (std::vector<int>{10}));
    ASSERT_TRUE(timers.next_deadline().has_value());
    EXPECT_EQ(*timers.next_deadline(), kStart + 20ms);
    EXPECT_TRUE(timers.take_due(kStart + 19ms).empty());
    EXPECT_EQ(timers.size(), 1u);
}

TEST(TimerQueue, NextDeadlineIsTheEarliestPending) {
    TimerQueue timers;
    EXPECT_FALSE(timers.next_deadline().has_value());
    timers.add(kStart + 50ms, [] {});
    timers.add(kStart + 7ms, [] {});
    timers.add(kStart + 9ms, [] {});
    ASSERT_TRUE(timers.next_deadline().has_value());
    EXPECT_EQ(*timers.next_deadline(), kStart + 7ms);
}

TEST(TimerQueue, CancelledTimersNeverRun) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    const auto second = timers.add(kStart + 5ms, [&] { ran.push_back(5); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    EXPECT_TRUE(timers.cancel(second));
    EXPECT_FALSE(timers.cancel(second));  // only once
    EXPECT_EQ(timers.size(), 2u);
    // The cancelled timer was the earliest: the next deadline skips it.
    ASSERT_TRUE(timers.next_deadline().has_value());
    EXPECT_EQ(*timers.next_deadline(), kStart + 10ms);
    for (auto& callback : timers.take_due(kStart + 1s)) callback();
    EXPECT_EQ(ran, (std::vector<int>{10, 20}));
    EXPECT_FALSE(timers.cancel(second));
    EXPECT_FALSE(timers.next_deadline().has_value());
}

TEST(TimerQueue, IdsAreNeverReused) {
    TimerQueue timers;
    const auto first = timers.add(kStart, [] {});
    timers.take_due(kStart);
    const auto second = timers.add(kStart, [] {});
    EXPECT_NE(first, second);
    EXPECT_FALSE(timers.cancel(first));
    EXPECT_TRUE(timers.cancel(second));
}

TEST(EventLoop, RunsTimersInDeadlineOrderThenStops) {
    eventloop::EventLoop loop;
    std::vector<int> ran;
    loop.after(30ms, [&] {
        ran.push_back(30);
        loop.stop();
    });
    loop.after(10ms, [&] { ran.push_back(10); });
    const auto cancelled = loop.after(15ms, [&] { ran.push_back(15); });
    loop.after(20ms, [&] { ran.push_back(20); });
    loop.cancel(cancelled);
    const auto started = np::Clock::now();
    loop.run_until(started + 2s);  // returns at the stop(), long before the limit
    EXPECT_EQ(ran, (std::vector<int>{10, 20, 30}));
    EXPECT_LT(np::Clock::now() - started, 1500ms);
    EXPECT_GE(np::Clock::now() - started, 30ms);  // it waited for them, it did not spin past
}

TEST(EventLoop, DeliversReadinessToTheWatcher) {
    eventloop::EventLoop loop;
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    np::Fd read_end(fds[0]), write_end(fds[1]);
    std::string got;
    loop.watch(read_end.get(), eventloop::kReadable, [&](std::uint32_t events) {
        char buffer[16];
        ASSERT_TRUE(events & eventloop::kReadable);
        const ssize_t n = read(read_end.get(), buffer, sizeof buffer);
        if (n > 0) got.append(buffer, static_cast<std::size_t>(n));
        if (got == "ping") {
            loop.unwatch(read_end.get());
            loop.stop();
        }
    });
    loop.after(5ms, [&] { ASSERT_EQ(write(write_end.get(), "ping", 4), 4); });
    loop.run_until(np::Clock::now() + 2s);
    EXPECT_EQ(got, "ping");
    EXPECT_FALSE(loop.watching(read_end.get()));
}

}  // namespace
