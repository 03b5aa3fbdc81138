#pragma once
// Time for timeouts and round-trip times comes from the monotonic clock: the wall clock
// can jump (NTP, an administrator) and would make timeouts fire early or never.

#include <time.h>

#include <chrono>
#include <optional>

namespace np {

using Clock = std::chrono::steady_clock;

// The timeout for poll or epoll_wait that sleeps until `deadline`: milliseconds from `now`,
// rounded up (rounded down, poll would wake just before the deadline and spin with timeout
// 0 until it passes), 0 once it has passed, at most INT_MAX; -1 (no timeout) without one.
int poll_timeout_ms(std::optional<Clock::time_point> deadline,
                    Clock::time_point now = Clock::now());

// A point in time to give up at, for loops that wait in poll() across several wake-ups.
class Deadline {
public:
    // `timeout` from now.
    explicit Deadline(Clock::duration timeout);

    bool expired() const { return Clock::now() >= at_; }
    // Time left for poll(), as np::poll_timeout_ms gives it.
    int poll_timeout_ms() const { return np::poll_timeout_ms(at_); }

private:
    Clock::time_point at_;
};

// A duration as a timespec, for ppoll, timerfd and nanosleep.
timespec to_timespec(Clock::duration duration) noexcept;

}  // namespace np
