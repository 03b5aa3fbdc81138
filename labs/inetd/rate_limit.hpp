#pragma once
// A per-service brake: a service started more than `max` times within one minute is
// failing (a server that exits at once, looping) or flooded, and is better switched off
// for a while than left to eat the machine.

#include <chrono>

#include "np/clock.hpp"

namespace inetd {

inline constexpr std::chrono::seconds kRateInterval{60};
inline constexpr std::chrono::minutes kDisabledFor{10};  // as openbsd-inetd

class RateLimit {
public:
    explicit RateLimit(unsigned max_per_interval) : max_(max_per_interval) {}

    // Counts one start at `now`; false when it is one too many for the current interval
    // (which starts at the first start counted in it).
    bool allow(np::Clock::time_point now);

    void set_max(unsigned max_per_interval) { max_ = max_per_interval; }
    // Forgets the starts counted so far (the service comes back after a pause).
    void reset() { count_ = 0; }

private:
    unsigned max_;
    unsigned count_ = 0;
    np::Clock::time_point interval_start_{};
};

}  // namespace inetd
