#include "acceptor.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <utility>

#include "np/check.hpp"
#include "np/log.hpp"

namespace eventloop {

namespace {
constexpr auto kPauseWhenOutOfDescriptors = std::chrono::milliseconds(100);
}

Acceptor::Acceptor(EventLoop& loop, int listener, OnConnection on_connection, int per_wakeup,
                   bool shared)
    : loop_(loop),
      listener_(listener),
      on_connection_(std::move(on_connection)),
      per_wakeup_(per_wakeup),
      shared_(shared) {
    register_listener();
}

void Acceptor::register_listener() {
    loop_.watch(listener_, kReadable | (shared_ ? kExclusive : 0),
                [this](std::uint32_t) { accept_some(); });
}

void Acceptor::stop() {
    if (stopped_) return;
    stopped_ = true;
    loop_.unwatch(listener_);
    if (resume_timer_ != 0) loop_.cancel(resume_timer_);
}

void Acceptor::pause() {
    loop_.unwatch(listener_);
    resume_timer_ = loop_.after(kPauseWhenOutOfDescriptors, [this] {
        resume_timer_ = 0;
        if (!stopped_) register_listener();
    });
}

void Acceptor::accept_some() {
    for (int i = 0; i < per_wakeup_ && !stopped_; ++i) {
        const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            on_connection_(np::Fd(fd));
            if (shared_ && !stopped_) {
                loop_.unwatch(listener_);  // to the back of the queue: the next one's turn
                register_listener();
            }
            continue;
        }
        switch (errno) {
            case EAGAIN:  // none left (or another worker took it)
                return;
            case EINTR:
            case ECONNABORTED:  // the client gave up while queued: take the next one
            case EPROTO:
                continue;
            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
                np::warn("accept: " + np::errno_text(errno) + " (pausing)");
                pause();
                return;
            default:
                np::check(-1, "accept4");
        }
    }
}

}  // namespace eventloop
