#pragma once
// A reactor: one thread waits in epoll_wait for any of many descriptors to become ready,
// then calls the handler registered for each ready one. Timers and signals arrive the
// same way, as events, so a handler never blocks and never races with a signal handler.
//
// Level-triggered: a descriptor that is still readable (or writable) is reported again
// on the next round, so a handler may read just once per call and lose nothing.

#include <sys/epoll.h>

#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "np/clock.hpp"
#include "np/fd.hpp"
#include "timer_queue.hpp"

namespace eventloop {

// Interest flags for watch() and modify(): epoll's own bits.
inline constexpr std::uint32_t kReadable = EPOLLIN;
inline constexpr std::uint32_t kWritable = EPOLLOUT;
// Only for watch(): with several processes waiting on one shared listening socket, wake
// just one of them per connection instead of all (the "thundering herd").
inline constexpr std::uint32_t kExclusive = EPOLLEXCLUSIVE;

class EventLoop {
public:
    // Called with the epoll events that happened (kReadable, kWritable, EPOLLHUP, EPOLLERR).
    using Handler = std::function<void(std::uint32_t events)>;
    using SignalHandler = std::function<void(int signal)>;

    EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Starts watching `fd` (which the caller keeps owning) for `events`. One handler per
    // descriptor; watching a descriptor twice throws std::system_error (EEXIST).
    void watch(int fd, std::uint32_t events, Handler handler);
    // Changes the events watched on `fd` (not kExclusive, which epoll cannot modify).
    void modify(int fd, std::uint32_t events);
    // Stops watching `fd`; do it before closing it. Events of `fd` already collected in
    // this round are not delivered anymore, even if the number is reused meanwhile.
    void unwatch(int fd);
    bool watching(int fd) const { return watches_.contains(fd); }

    // Runs `callback` once, `delay` from now (in the loop, like any handler).
    TimerId after(np::Clock::duration delay, TimerQueue::Callback callback);
    bool cancel(TimerId id) { return timers_.cancel(id); }

    // Delivers `signal` as an event: it is blocked and read from a signalfd. Call before
    // starting threads or forking children that must not receive it the default way.
    void on_signal(int signal, SignalHandler handler);

    // Dispatches events and timers until stop() is called.
    void run();
    // The same, but returns at `limit` at the latest (for tests and benchmarks).
    void run_until(np::Clock::time_point limit);
    // Makes run() return after the handlers of the current round.
    void stop() { stopped_ = true; }

private:
    struct Watch {
        std::uint64_t serial;  // in epoll_event.data: identifies this registration
        std::shared_ptr<Handler> handler;
    };
    // One round: waits for events until the next timer's deadline (or `limit`, if sooner),
    // then calls the handlers of the ready descriptors, then the timers that are due, one
    // at a time (see TimerQueue::take_next_due): a handler that cancels a timer stops it
    // even if it is due in the same round.
    void run_once(std::optional<np::Clock::time_point> limit);
    // Calls the handler of the registration `serial`, if it is still watched.
    void dispatch(std::uint64_t serial, std::uint32_t events);
    void read_signals();
    // epoll_wait's timeout for run_once: -1 (no timer, no limit), else milliseconds.
    int timeout_ms(std::optional<np::Clock::time_point> limit);

    np::Fd epoll_;
    std::unordered_map<int, Watch> watches_;          // by descriptor
    std::unordered_map<std::uint64_t, int> serials_;  // registration -> descriptor
    std::uint64_t next_serial_ = 1;
    TimerQueue timers_;
    np::Fd signal_fd_;
    sigset_t signals_{};
    std::unordered_map<int, SignalHandler> signal_handlers_;
    bool stopped_ = false;
};

}  // namespace eventloop
