#include "timer_queue.hpp"

#include <utility>

namespace eventloop {

TimerId TimerQueue::add([[maybe_unused]] np::Clock::time_point when,
                        [[maybe_unused]] Callback callback) {
    // TODO(student): give the timer a new id (allocate_id()),
    // push {when, id} on heap_ and keep the callback in callbacks_ under that id.
    return 0;
}

bool TimerQueue::cancel([[maybe_unused]] TimerId id) {
    // TODO(student): forget the callback (the heap entry stays; drop_cancelled skips it).
    // True if the timer was pending.
    return false;
}

void TimerQueue::drop_cancelled() {
    // TODO(student): pop heap entries from the top while their id has no callback left.
}

std::optional<np::Clock::time_point> TimerQueue::next_deadline() {
    // TODO(student): the deadline at the top of the heap, once cancelled entries are
    // dropped from it; nullopt when no timer is pending.
    return std::nullopt;
}

std::optional<TimerQueue::Callback> TimerQueue::take_next_due(
    [[maybe_unused]] np::Clock::time_point now, [[maybe_unused]] TimerId first_new_id) {
    // TODO(student): ONE timer, the top of the heap once cancelled entries are dropped.
    // If there is one, due at `now` (when <= now) and older than the round
    // (id < first_new_id): pop it and move its callback out of callbacks_ to return it.
    // Otherwise nullopt, and leave the heap as it is (a later entry must not jump ahead
    // of the top: the order of deadlines is kept).
    return std::nullopt;
}

}  // namespace eventloop
