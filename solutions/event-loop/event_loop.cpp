#include "event_loop.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <utility>

#include "np/check.hpp"

namespace eventloop {

namespace {
constexpr int kMaxEvents = 256;  // events taken from the kernel per epoll_wait
}

void EventLoop::watch(int fd, std::uint32_t events, Handler handler) {
    if (watches_.contains(fd)) np::throw_errno("watch", EEXIST);
    epoll_event event{};
    event.events = events;
    event.data.u64 = next_serial_;
    np::check(epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event), "epoll_ctl(ADD)");
    watches_.emplace(fd, Watch{next_serial_, std::make_shared<Handler>(std::move(handler))});
    serials_.emplace(next_serial_, fd);
    ++next_serial_;
}

void EventLoop::modify(int fd, std::uint32_t events) {
    auto found = watches_.find(fd);
    if (found == watches_.end()) np::throw_errno("modify", ENOENT);
    epoll_event event{};
    event.events = events;
    event.data.u64 = found->second.serial;
    np::check(epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &event), "epoll_ctl(MOD)");
}

void EventLoop::unwatch(int fd) {
    auto found = watches_.find(fd);
    if (found == watches_.end()) return;
    // A descriptor closed before unwatch has already left the epoll set by itself.
    if (epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr) == -1 && errno != EBADF) {
        np::check(-1, "epoll_ctl(DEL)");
    }
    serials_.erase(found->second.serial);
    watches_.erase(found);
}

int EventLoop::timeout_ms(std::optional<np::Clock::time_point> limit) {
    auto next = timers_.next_deadline();
    if (limit && (!next || *limit < *next)) next = limit;
    return np::poll_timeout_ms(next);  // -1 without either: nothing to wake up for but events
}

void EventLoop::dispatch(std::uint64_t serial, std::uint32_t events) {
    auto fd = serials_.find(serial);
    if (fd == serials_.end()) return;  // unwatched by an earlier handler of this round
    // Keep the handler alive while it runs, even if it unwatches its own descriptor.
    auto handler = watches_.at(fd->second).handler;
    (*handler)(events);
}

void EventLoop::run_once(std::optional<np::Clock::time_point> limit) {
    std::array<epoll_event, kMaxEvents> events{};
    const int ready = epoll_wait(epoll_.get(), events.data(), kMaxEvents, timeout_ms(limit));
    if (ready == -1 && errno != EINTR) np::check(-1, "epoll_wait");
    for (int i = 0; i < ready && !stopped_; ++i) dispatch(events[i].data.u64, events[i].events);
    // One timer at a time, so that a callback that cancels another due timer stops it. The
    // round runs those due now and added before now: one a callback adds waits for the
    // next round, even if its deadline has passed, so the round always comes to an end.
    const auto now = np::Clock::now();
    const TimerId first_new_id = timers_.next_id();
    while (!stopped_) {
        auto callback = timers_.take_next_due(now, first_new_id);
        if (!callback) break;
        (*callback)();
    }
}

}  // namespace eventloop
