#include "event_loop.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>
#include <utility>

#include "np/check.hpp"

namespace eventloop {

namespace {
[[maybe_unused]] constexpr int kMaxEvents = 256;  // events taken from the kernel per epoll_wait
}

void EventLoop::watch([[maybe_unused]] int fd, [[maybe_unused]] std::uint32_t events,
                      [[maybe_unused]] Handler handler) {
    // TODO(student): EPOLL_CTL_ADD `fd` with `events`, and data.u64 = a new serial number
    // (next_serial_++) that names this registration. Keep the handler in watches_[fd]
    // (in a shared_ptr: dispatch holds a copy while it runs) and serials_[serial] = fd.
    // Watching a descriptor already watched throws std::system_error(EEXIST, ...).
}

void EventLoop::modify([[maybe_unused]] int fd, [[maybe_unused]] std::uint32_t events) {
    // TODO(student): EPOLL_CTL_MOD with the new events and the registration's serial
    // again in data.u64; std::system_error(ENOENT, ...) if `fd` is not watched.
}

void EventLoop::unwatch([[maybe_unused]] int fd) {
    // TODO(student): EPOLL_CTL_DEL (EBADF is fine: a closed descriptor has left the set
    // already), then forget both map entries, so that events of this round still waiting
    // to be dispatched find no handler. Unwatching what is not watched does nothing.
}

int EventLoop::timeout_ms([[maybe_unused]] std::optional<np::Clock::time_point> limit) {
    // TODO(student): the earlier of the next timer's deadline (timers_.next_deadline())
    // and `limit`, as epoll_wait's timeout: -1 when there is neither (sleep until an
    // event); np::poll_timeout_ms turns a deadline into milliseconds, rounded up.
    return 0;
}

void EventLoop::dispatch([[maybe_unused]] std::uint64_t serial,
                         [[maybe_unused]] std::uint32_t events) {
    // TODO(student): find the descriptor of `serial` (none: it was unwatched by a handler
    // earlier in this round, skip it) and call its handler with `events`, through a copy
    // of the shared_ptr, so that a handler that unwatches itself is not destroyed while
    // it runs.
}

void EventLoop::run_once([[maybe_unused]] std::optional<np::Clock::time_point> limit) {
    // TODO(student): one round of the reactor.
    //   1. epoll_wait for up to kMaxEvents events, with timeout_ms(limit) (EINTR: no events);
    //   2. dispatch each one (stop early if a handler called stop());
    //   3. the timers: note now and timers_.next_id() once, then call what
    //      timers_.take_next_due(now, that id) returns, one callback at a time, until it
    //      returns nullopt or a callback called stop(). (Not all at once: a callback may
    //      cancel a timer due in the same round, which must then not run.)
    // (Until then, a pause, so that the skeleton does not spin.)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace eventloop
