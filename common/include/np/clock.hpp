#pragma once
// Time for timeouts and round-trip times comes from the monotonic clock: the wall clock
// can jump (NTP, an administrator) and would make timeouts fire early or never.

#include <time.h>

#include <chrono>
#include <optional>

namespace np {

using Clock = std::chrono::steady_clock;

// A point in time to give up at, for loops that wait in poll() across several wake-ups.
class Deadline {
public:
    // `timeout` from now.
    explicit Deadline(Clock::duration timeout);
    // A deadline that never expires.
    static Deadline never() noexcept { return Deadline(); }

    bool expired() const;
    // Time left; zero once expired, Clock::duration::max() for never().
    Clock::duration remaining() const;
    // Time left for poll(): -1 for never(); rounded up, so poll does not wake just before
    // the deadline and spin with timeout 0.
    int poll_timeout_ms() const;

private:
    Deadline() noexcept = default;
    std::optional<Clock::time_point> at_;
};

// A duration in milliseconds with fractions, as ping prints round-trip times.
double to_ms(Clock::duration duration) noexcept;
// A duration as a timespec, for ppoll, timerfd and nanosleep.
timespec to_timespec(Clock::duration duration) noexcept;

}  // namespace np
