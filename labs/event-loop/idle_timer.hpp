#pragma once
// A connection's idle timeout: one timer per connection, which calls `on_idle` once the
// connection has had no activity for `timeout`. Activity only notes the time; when the
// timer fires and there was some, it is set again for what is left of the timeout
// (cheaper than cancelling and adding a timer in the heap on every read).

#include <functional>

#include "event_loop.hpp"
#include "np/clock.hpp"

namespace eventloop {

class IdleTimer {
public:
    IdleTimer(EventLoop& loop, np::Clock::duration timeout, std::function<void()> on_idle);
    // Cancels the timer: `on_idle` is never called for a destroyed connection.
    ~IdleTimer() { stop(); }
    IdleTimer(const IdleTimer&) = delete;
    IdleTimer& operator=(const IdleTimer&) = delete;

    // Starts counting: `on_idle` after `timeout` without activity from now.
    void start();
    // The connection did something: the timeout counts again from now.
    void note_activity() { last_activity_ = np::Clock::now(); }
    // Calls `on_idle` `delay` from now whatever the activity until then: a deadline for
    // the connection's last steps (a lingering close), which a trickle of data must not
    // be able to push back.
    void expire_after(np::Clock::duration delay);
    // `on_idle` will not be called (until the next start or expire_after).
    void stop();

private:
    void arm(np::Clock::duration delay);
    void fired();

    EventLoop& loop_;
    np::Clock::duration timeout_;
    std::function<void()> on_idle_;
    np::Clock::time_point last_activity_;
    bool fixed_deadline_ = false;  // set by expire_after: activity does not count
    TimerId timer_ = 0;
};

}  // namespace eventloop
