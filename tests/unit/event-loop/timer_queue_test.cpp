// The loop's timers: earliest first, ties in the order added, cancellation, one timer at
// a time (a callback may cancel a timer due in the same round), and the loop itself
// running them in that order.

#include "timer_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "event_loop.hpp"

namespace {

using namespace std::chrono_literals;
using eventloop::TimerQueue;

const np::Clock::time_point kStart = np::Clock::now();

// What the loop does with its timers in one round at `now`: takes them one at a time and
// runs each before taking the next.
void run_round(TimerQueue& timers, np::Clock::time_point now) {
    const auto first_new_id = timers.next_id();
    while (auto callback = timers.take_next_due(now, first_new_id)) (*callback)();
}

TEST(TimerQueue, DueTimersComeEarliestFirst) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 30ms, [&] { ran.push_back(30); });
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    run_round(timers, kStart + 100ms);
    EXPECT_EQ(ran, (std::vector<int>{10, 20, 30}))
        << "timers added at +30, +10, +20 ms, a round at +100 ms: earliest deadline first";
    EXPECT_EQ(timers.size(), 0u) << "every timer that ran has left the queue";
}

TEST(TimerQueue, SameDeadlineRunsInOrderAdded) {
    TimerQueue timers;
    std::vector<int> ran;
    for (int i = 0; i < 5; ++i) timers.add(kStart + 5ms, [&ran, i] { ran.push_back(i); });
    run_round(timers, kStart + 5ms);
    EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}))
        << "five timers 0..4 added with the same deadline: they run in the order added";
}

TEST(TimerQueue, OnlyDueTimersAreTaken) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    run_round(timers, kStart + 10ms);
    EXPECT_EQ(ran, (std::vector<int>{10}))
        << "timers at +10 and +20 ms, a round at +10 ms: the deadline itself is due, the "
           "later timer is not";
    ASSERT_TRUE(timers.next_deadline().has_value()) << "the +20 ms timer is still pending";
    EXPECT_EQ(*timers.next_deadline(), kStart + 20ms);
    EXPECT_FALSE(timers.take_next_due(kStart + 19ms, timers.next_id()).has_value())
        << "take_next_due at +19 ms with a timer at +20 ms";
    EXPECT_EQ(timers.size(), 1u) << "a timer not due stays in the queue";
}

TEST(TimerQueue, NextDeadlineIsTheEarliestPending) {
    TimerQueue timers;
    EXPECT_FALSE(timers.next_deadline().has_value()) << "an empty queue has no deadline";
    timers.add(kStart + 50ms, [] {});
    timers.add(kStart + 7ms, [] {});
    timers.add(kStart + 9ms, [] {});
    ASSERT_TRUE(timers.next_deadline().has_value()) << "timers at +50, +7, +9 ms are pending";
    EXPECT_EQ(*timers.next_deadline(), kStart + 7ms) << "timers at +50, +7, +9 ms";
}

TEST(TimerQueue, CancelledTimersNeverRun) {
    TimerQueue timers;
    std::vector<int> ran;
    timers.add(kStart + 10ms, [&] { ran.push_back(10); });
    const auto second = timers.add(kStart + 5ms, [&] { ran.push_back(5); });
    timers.add(kStart + 20ms, [&] { ran.push_back(20); });
    EXPECT_TRUE(timers.cancel(second)) << "cancel of a pending timer";
    EXPECT_FALSE(timers.cancel(second)) << "cancel of the same timer again";
    EXPECT_EQ(timers.size(), 2u) << "timers at +10, +5, +20 ms, the +5 ms one cancelled";
    ASSERT_TRUE(timers.next_deadline().has_value());
    EXPECT_EQ(*timers.next_deadline(), kStart + 10ms)
        << "timers at +10, +5, +20 ms, the +5 ms one cancelled: the next deadline skips it";
    run_round(timers, kStart + 1s);
    EXPECT_EQ(ran, (std::vector<int>{10, 20})) << "a round at +1 s runs all but the cancelled";
    EXPECT_FALSE(timers.cancel(second)) << "cancel of a timer cancelled before the round";
    EXPECT_FALSE(timers.next_deadline().has_value()) << "no deadline once all have run";
}

TEST(TimerQueue, IdsAreNeverReused) {
    TimerQueue timers;
    const auto first = timers.add(kStart, [] {});
    run_round(timers, kStart);
    const auto second = timers.add(kStart, [] {});
    EXPECT_NE(first, second) << "a timer added after the first one ran gets a new id";
    EXPECT_FALSE(timers.cancel(first)) << "cancel of the first, which ran already";
    EXPECT_TRUE(timers.cancel(second)) << "cancel of the second, pending";
}

TEST(TimerQueue, ACallbackCancelsATimerDueInTheSameRound) {
    TimerQueue timers;
    std::vector<std::string> ran;
    eventloop::TimerId second = 0;
    timers.add(kStart + 1ms, [&] {
        ran.push_back("first");
        EXPECT_TRUE(timers.cancel(second)) << "the second timer is pending while the first runs";
    });
    second = timers.add(kStart + 2ms, [&] { ran.push_back("second"); });
    run_round(timers, kStart + 10ms);
    EXPECT_EQ(ran, (std::vector<std::string>{"first"}))
        << "timers due at +1 ms and +2 ms, a round at +10 ms, and the first cancels the "
           "second: take_next_due must take one timer per call, so that the cancelled one "
           "is no longer there to take";
    EXPECT_EQ(timers.size(), 0u);
}

TEST(TimerQueue, TimersAddedDuringARoundWaitForTheNext) {
    TimerQueue timers;
    int runs = 0;
    // Sets itself again with a deadline in the past, like a callback that computes a
    // deadline already gone by.
    std::function<void()> again = [&] {
        ++runs;
        if (runs < 100) timers.add(kStart - 1s, again);  // bounded, should the round not end
    };
    timers.add(kStart, again);
    run_round(timers, kStart + 10ms);
    EXPECT_EQ(runs, 1) << "a timer due at the round's time (+10 ms) that adds a timer due 1 s "
                          "before: the new one must wait for the next round (its id is not "
                          "below the first_new_id the round started with)";
    run_round(timers, kStart + 10ms);
    EXPECT_EQ(runs, 2) << "the timer added in the first round runs in the second";
    EXPECT_EQ(timers.size(), 1u) << "and the one it added is pending for the third";

    // A new timer that is now the earliest ends the round: the older one behind it must
    // not jump ahead of it.
    TimerQueue ordered;
    std::vector<int> ran;
    ordered.add(kStart + 1ms, [&] {
        ran.push_back(1);
        ordered.add(kStart, [&] { ran.push_back(0); });
    });
    ordered.add(kStart + 2ms, [&] { ran.push_back(2); });
    run_round(ordered, kStart + 10ms);
    EXPECT_EQ(ran, (std::vector<int>{1}))
        << "timers due at +1 and +2 ms, a round at +10 ms; the first adds one due at +0 ms, "
           "now the earliest but new: the round must end there, not take the +2 ms timer "
           "from behind it";
    run_round(ordered, kStart + 10ms);
    EXPECT_EQ(ran, (std::vector<int>{1, 0, 2})) << "the next round runs both, earliest first";
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

TEST(EventLoop, ATimerCancelledByAnEarlierOneInTheSameRoundDoesNotRun) {
    eventloop::EventLoop loop;
    std::vector<std::string> ran;
    eventloop::TimerId second = 0;
    // Both due at once, so both are due in the loop's first round.
    loop.after(0ms, [&] {
        ran.push_back("first");
        loop.cancel(second);
    });
    second = loop.after(0ms, [&] { ran.push_back("second"); });
    loop.after(20ms, [&] {
        ran.push_back("stop");
        loop.stop();
    });
    loop.run_until(np::Clock::now() + 2s);
    EXPECT_EQ(ran, (std::vector<std::string>{"first", "stop"}))
        << "after(0) twice, then after(20 ms) to stop; the first cancels the second: "
           "run_once must run one timer before it takes the next from the queue, not take "
           "all that are due and then run them";
}

TEST(EventLoop, ATimerSetAgainInThePastRunsOncePerRound) {
    eventloop::EventLoop loop;
    // A pipe that stays readable: its handler runs once in every round, and counts them.
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    np::Fd read_end(fds[0]), write_end(fds[1]);
    ASSERT_EQ(write(write_end.get(), "x", 1), 1);
    int runs = 0;
    std::vector<int> runs_seen_by_round;
    loop.watch(read_end.get(), eventloop::kReadable, [&](std::uint32_t) {
        runs_seen_by_round.push_back(runs);
        if (runs_seen_by_round.size() == 3) loop.stop();
    });
    std::function<void()> again = [&] {
        ++runs;
        if (runs < 100) loop.after(-1s, again);  // bounded, should the round not end
    };
    loop.after(0ms, again);
    loop.run_until(np::Clock::now() + 2s);
    EXPECT_EQ(runs_seen_by_round, (std::vector<int>{0, 1, 2}))
        << "a timer that sets itself again 1 s in the past, and a descriptor readable in every "
           "round: the timer must run once per round (a timer added during a round waits for "
           "the next), not again and again in one round";
}

}  // namespace
