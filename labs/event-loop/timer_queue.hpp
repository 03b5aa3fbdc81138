#pragma once
// The loop's timers: a min-heap of deadlines. The loop sleeps in epoll_wait until the
// earliest one, then takes the due timers one at a time, earliest first, running each
// before it takes the next: a callback may cancel a timer that is due in the same round,
// and that timer then does not run.

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

    // The id the next add() will give. A round of the loop notes it before it runs timers:
    // the timers its callbacks add get this id or a later one.
    TimerId next_id() const { return next_id_; }

    // Removes the earliest pending timer and returns its callback if it belongs to the
    // round: due at `now` (deadline <= now) and added before the round (id < first_new_id);
    // nullopt otherwise, and it stays pending. Same deadline: the order they were added.
    // A timer added during the round (even with a deadline in the past) waits for the
    // next round, so a callback that keeps setting itself again cannot hold the loop in
    // one round forever; and as the round ends at the first timer that does not belong to
    // it, timers still run in deadline order.
    std::optional<Callback> take_next_due(np::Clock::time_point now, TimerId first_new_id);

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
