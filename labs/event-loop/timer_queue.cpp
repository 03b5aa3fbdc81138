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

std::vector<TimerQueue::Callback> TimerQueue::take_due([[maybe_unused]] np::Clock::time_point now) {
    // TODO(student): pop every entry with when <= now (skipping cancelled ones) and move
    // its callback out of callbacks_ into the result: the heap's order is the order to
    // run them in (earliest first, then by id).
    return {};
}

}  // namespace eventloop
