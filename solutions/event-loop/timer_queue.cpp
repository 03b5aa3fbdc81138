#include "timer_queue.hpp"

#include <utility>

namespace eventloop {

TimerId TimerQueue::add(np::Clock::time_point when, Callback callback) {
    const TimerId id = allocate_id();
    heap_.push(Entry{when, id});
    callbacks_.emplace(id, std::move(callback));
    return id;
}

bool TimerQueue::cancel(TimerId id) { return callbacks_.erase(id) > 0; }

void TimerQueue::drop_cancelled() {
    while (!heap_.empty() && !callbacks_.contains(heap_.top().id)) heap_.pop();
}

std::optional<np::Clock::time_point> TimerQueue::next_deadline() {
    drop_cancelled();
    if (heap_.empty()) return std::nullopt;
    return heap_.top().when;
}

std::optional<TimerQueue::Callback> TimerQueue::take_next_due(np::Clock::time_point now,
                                                              TimerId first_new_id) {
    drop_cancelled();
    if (heap_.empty()) return std::nullopt;
    const Entry next = heap_.top();
    // Not due, or added during this round: it and everything after it wait for the next.
    if (next.when > now || next.id >= first_new_id) return std::nullopt;
    heap_.pop();
    auto found = callbacks_.find(next.id);
    Callback callback = std::move(found->second);
    callbacks_.erase(found);
    return callback;
}

}  // namespace eventloop
