#include "idle_timer.hpp"

#include <utility>

namespace eventloop {

IdleTimer::IdleTimer(EventLoop& loop, np::Clock::duration timeout, std::function<void()> on_idle)
    : loop_(loop),
      timeout_(timeout),
      on_idle_(std::move(on_idle)),
      last_activity_(np::Clock::now()) {}

void IdleTimer::start() {
    fixed_deadline_ = false;
    note_activity();
    arm(timeout_);
}

void IdleTimer::expire_after(np::Clock::duration delay) {
    fixed_deadline_ = true;
    arm(delay);
}

void IdleTimer::stop() {
    if (timer_ != 0) loop_.cancel(timer_);
    timer_ = 0;
}

void IdleTimer::arm(np::Clock::duration delay) {
    stop();
    timer_ = loop_.after(delay, [this] { fired(); });
}

void IdleTimer::fired() {
    timer_ = 0;
    if (!fixed_deadline_) {
        const auto idle_for = np::Clock::now() - last_activity_;
        if (idle_for < timeout_) {
            arm(timeout_ - idle_for);  // there was traffic: wait for what is left
            return;
        }
    }
    on_idle_();  // last: it may destroy this timer's connection
}

}  // namespace eventloop
