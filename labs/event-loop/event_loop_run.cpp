// Given: running the loop (run, run_until around your run_once in event_loop.cpp), and
// what wakes it besides descriptors: timers (after) and signals (on_signal, a signalfd
// watched like any descriptor).

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <utility>

#include "event_loop.hpp"
#include "np/check.hpp"

namespace eventloop {

EventLoop::EventLoop() : epoll_(np::check(epoll_create1(EPOLL_CLOEXEC), "epoll_create1")) {
    sigemptyset(&signals_);
}

TimerId EventLoop::after(np::Clock::duration delay, TimerQueue::Callback callback) {
    return timers_.add(np::Clock::now() + delay, std::move(callback));
}

void EventLoop::on_signal(int signal, SignalHandler handler) {
    sigaddset(&signals_, signal);
    if (int rc = pthread_sigmask(SIG_BLOCK, &signals_, nullptr); rc != 0) {
        np::throw_errno("pthread_sigmask", rc);
    }
    // signalfd(existing, ...) updates the set of an existing descriptor in place.
    const int fd = np::check(
        signalfd(signal_fd_ ? signal_fd_.get() : -1, &signals_, SFD_NONBLOCK | SFD_CLOEXEC),
        "signalfd");
    if (!signal_fd_) {
        signal_fd_.reset(fd);
        watch(fd, kReadable, [this](std::uint32_t) { read_signals(); });
    }
    signal_handlers_[signal] = std::move(handler);
}

void EventLoop::read_signals() {
    signalfd_siginfo info{};
    while (::read(signal_fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const int signal = static_cast<int>(info.ssi_signo);
        if (auto found = signal_handlers_.find(signal); found != signal_handlers_.end()) {
            auto handler = found->second;  // a copy: the handler may replace itself
            handler(signal);
        }
    }
}

void EventLoop::run() {
    stopped_ = false;
    while (!stopped_) run_once(std::nullopt);
}

void EventLoop::run_until(np::Clock::time_point limit) {
    stopped_ = false;
    while (!stopped_ && np::Clock::now() < limit) run_once(limit);
}

}  // namespace eventloop
