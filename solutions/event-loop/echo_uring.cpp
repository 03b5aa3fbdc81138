#include "echo_uring.hpp"

#include <fcntl.h>
#include <liburing.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "np/check.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"

namespace eventloop {

namespace {

constexpr unsigned kRingEntries = 4096;
constexpr std::size_t kBufferSize = 16 * 1024;
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

struct Connection;

// What a completion is about: its user_data points to one of these.
struct Operation {
    enum Kind { kAccept, kReceive, kSend, kSignal } kind;
    Connection* connection = nullptr;
};

struct Connection {
    np::Fd fd;
    std::unique_ptr<char[]> buffer;
    std::size_t length = 0;  // bytes in buffer (received, being echoed)
    std::size_t sent = 0;    // of those, sent already
    np::Clock::time_point last_activity = np::Clock::now();
    bool timed_out = false;
    Operation operation{Operation::kReceive, this};  // the one in flight
};

class UringEcho {
public:
    UringEcho(int listener, const EchoSettings& settings)
        : listener_(listener), settings_(settings) {
        if (int rc = io_uring_queue_init(kRingEntries, &ring_, 0); rc < 0) {
            np::throw_errno("io_uring_queue_init", -rc);
        }
    }
    // The ring goes before the connections (members are destroyed after this body): their
    // buffers may be in the kernel's hands until the ring is gone.
    ~UringEcho() { io_uring_queue_exit(&ring_); }

    void run() {
        submit_accept();
        submit_signal_read();
        while (!stopped_) {
            io_uring_submit(&ring_);
            io_uring_cqe* cqe = nullptr;
            const auto wait = next_wakeup();
            int rc;
            if (wait) {
                __kernel_timespec ts{};
                const auto left = std::max(*wait - np::Clock::now(), np::Clock::duration::zero());
                const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
                ts.tv_sec = ns / 1'000'000'000;
                ts.tv_nsec = ns % 1'000'000'000;
                rc = io_uring_wait_cqe_timeout(&ring_, &cqe, &ts);
            } else {
                rc = io_uring_wait_cqe(&ring_, &cqe);
            }
            if (rc < 0 && rc != -ETIME && rc != -EINTR) {
                np::throw_errno("io_uring_wait_cqe", -rc);
            }
            unsigned head, seen = 0;
            io_uring_for_each_cqe(&ring_, head, cqe) {
                ++seen;
                complete(*static_cast<Operation*>(io_uring_cqe_get_data(cqe)), cqe->res);
            }
            io_uring_cq_advance(&ring_, seen);
            housekeeping();
        }
    }

private:
    io_uring_sqe* sqe() {
        io_uring_sqe* entry = io_uring_get_sqe(&ring_);
        while (entry == nullptr) {  // the submission queue is full: hand it over, retry
            io_uring_submit(&ring_);
            entry = io_uring_get_sqe(&ring_);
        }
        return entry;
    }

    void submit_accept() {
        io_uring_sqe* entry = sqe();
        io_uring_prep_accept(entry, listener_, nullptr, nullptr, SOCK_CLOEXEC);
        io_uring_sqe_set_data(entry, &accept_);
    }

    void submit_signal_read() {
        io_uring_sqe* entry = sqe();
        io_uring_prep_read(entry, signals_.fd(), &signal_info_, sizeof signal_info_, 0);
        io_uring_sqe_set_data(entry, &signal_);
    }

    void submit_receive(Connection& c) {
        c.operation.kind = Operation::kReceive;
        io_uring_sqe* entry = sqe();
        io_uring_prep_recv(entry, c.fd.get(), c.buffer.get(), kBufferSize, 0);
        io_uring_sqe_set_data(entry, &c.operation);
    }

    void submit_send(Connection& c) {
        c.operation.kind = Operation::kSend;
        io_uring_sqe* entry = sqe();
        io_uring_prep_send(entry, c.fd.get(), c.buffer.get() + c.sent, c.length - c.sent,
                           MSG_NOSIGNAL);
        io_uring_sqe_set_data(entry, &c.operation);
    }

    void complete(Operation& operation, int result) {
        switch (operation.kind) {
            case Operation::kAccept:
                accepted(result);
                break;
            case Operation::kSignal:
                stopped_ = true;
                break;
            case Operation::kReceive:
                received(*operation.connection, result);
                break;
            case Operation::kSend:
                sent(*operation.connection, result);
                break;
        }
    }

    void accepted(int result) {
        if (result >= 0) {
            auto owned = std::make_unique<Connection>();
            owned->fd.reset(result);
            owned->buffer = std::make_unique<char[]>(std::min(kBufferSize, settings_.max_pending));
            Connection& c = *connections_.emplace(result, std::move(owned)).first->second;
            if (connections_.size() == 1)
                next_idle_check_ = c.last_activity + settings_.idle_timeout;
            submit_receive(c);
            submit_accept();
        } else if (result == -EINTR || result == -ECONNABORTED || result == -EAGAIN) {
            submit_accept();
        } else {
            // Out of descriptors, most likely: try again a little later, not in a tight loop.
            np::warn("accept: " + np::errno_text(-result) + " (pausing)");
            accept_retry_ = np::Clock::now() + kAcceptRetry;
        }
    }

    void received(Connection& c, int result) {
        if (result <= 0) {  // 0: the client half-closed and everything was echoed; < 0: error
            finish(c);
            return;
        }
        c.last_activity = np::Clock::now();
        c.length = static_cast<std::size_t>(result);
        c.sent = 0;
        submit_send(c);
    }

    void sent(Connection& c, int result) {
        if (result <= 0) {
            finish(c);
            return;
        }
        c.last_activity = np::Clock::now();
        c.sent += static_cast<std::size_t>(result);
        if (c.sent < c.length) {
            submit_send(c);  // a short send: the rest
        } else {
            submit_receive(c);
        }
    }

    // Its only operation has completed: nothing in the ring refers to it any more.
    void finish(Connection& c) { connections_.erase(c.fd.get()); }

    std::optional<np::Clock::time_point> next_wakeup() const {
        std::optional<np::Clock::time_point> at;
        if (!connections_.empty()) at = next_idle_check_;
        if (accept_retry_) at = at ? std::min(*at, *accept_retry_) : *accept_retry_;
        return at;
    }

    // Closes idle connections and resumes accepting when it is time.
    void housekeeping() {
        const auto now = np::Clock::now();
        if (accept_retry_ && *accept_retry_ <= now) {
            accept_retry_.reset();
            submit_accept();
        }
        if (connections_.empty() || now < next_idle_check_) return;
        // Activity only moves deadlines later, so the earliest one found now is a safe
        // time for the next check; a new connection's is later than all of them.
        auto earliest = now + settings_.idle_timeout;
        for (auto& [fd, c] : connections_) {
            const auto deadline = c->last_activity + settings_.idle_timeout;
            if (deadline <= now && !c->timed_out) {
                // Its receive (or send) completes with 0 or an error: finish() follows.
                c->timed_out = true;
                ::shutdown(fd, SHUT_RDWR);
            } else if (!c->timed_out) {
                earliest = std::min(earliest, deadline);
            }
        }
        next_idle_check_ = earliest;
    }

    io_uring ring_{};
    int listener_;
    EchoSettings settings_;
    np::SignalFd signals_{SIGINT, SIGTERM};  // read through the ring like a socket
    signalfd_siginfo signal_info_{};
    Operation accept_{Operation::kAccept};
    Operation signal_{Operation::kSignal};
    std::unordered_map<int, std::unique_ptr<Connection>> connections_;  // by descriptor
    np::Clock::time_point next_idle_check_{};
    std::optional<np::Clock::time_point> accept_retry_;
    bool stopped_ = false;
};

}  // namespace

void run_uring_echo(int listener, const EchoSettings& settings) {
    // io_uring waits for connections itself. With O_NONBLOCK on the listener, some kernels
    // complete an accept with -EAGAIN at once instead of waiting: clear it.
    const int flags = np::check(fcntl(listener, F_GETFL), "fcntl(F_GETFL)");
    np::check(fcntl(listener, F_SETFL, flags & ~O_NONBLOCK), "fcntl(F_SETFL)");
    UringEcho server(listener, settings);
    server.run();
}

}  // namespace eventloop
