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

std::vector<TimerQueue::Callback> TimerQueue::take_due(np::Clock::time_point now) {
    std::vector<Callback> due;
    for (drop_cancelled(); !heap_.empty() && heap_.top().when <= now; drop_cancelled()) {
        auto found = callbacks_.find(heap_.top().id);
        due.push_back(std::move(found->second));
        callbacks_.erase(found);
        heap_.pop();
    }
    return due;
}

}  // namespace eventloop
