#pragma once
// The loop's timers: a min-heap of deadlines. The loop sleeps in epoll_wait until the
// earliest one, then runs every timer that is due, earliest first.

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "np/clock.hpp"

namespace eventloop {

using TimerId = std::uint64_t;

class TimerQueue {
public:
    using Callback = std::function<void()>;

    // Schedules `callback` at `when`; the id cancels it. Ids are never reused.
    TimerId add(np::Clock::time_point when, Callback callback);

    // Forgets a timer that has not run yet; false if it already ran or was cancelled.
    bool cancel(TimerId id);

    // The earliest deadline of a timer still pending; nullopt when there is none.
    std::optional<np::Clock::time_point> next_deadline();

    // Removes the timers due at `now` (deadline <= now) and returns their callbacks,
    // earliest deadline first; timers with the same deadline in the order they were added.
    std::vector<Callback> take_due(np::Clock::time_point now);

    // Timers still pending.
    std::size_t size() const { return callbacks_.size(); }

private:
    struct Entry {
        np::Clock::time_point when;
        TimerId id;
    };
    // std::priority_queue keeps the "largest" on top: "later" makes that the earliest.
    struct Later {
        bool operator()(const Entry& a, const Entry& b) const {
            return a.when != b.when ? a.when > b.when : a.id > b.id;
        }
    };
    // Drops cancelled entries from the top of the heap (cancel leaves them in place:
    // removing from the middle of a heap is not cheap).
    void drop_cancelled();
    TimerId allocate_id() { return next_id_++; }  // 1, 2, 3, ...: never reused

    std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
    std::unordered_map<TimerId, Callback> callbacks_;  // pending timers only
    TimerId next_id_ = 1;
};

}  // namespace eventloop
