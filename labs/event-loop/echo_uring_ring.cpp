// Given: the io_uring engine's loop (submit, wait for completions, pass each on) and
// its housekeeping (idle connections, the pause after a failed accept).

#include "echo_uring_ring.hpp"

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "echo_uring.hpp"
#include "np/check.hpp"

namespace eventloop {

namespace uring {

UringEcho::UringEcho(int listener, const EchoSettings& settings)
    : listener_(listener), settings_(settings) {
    if (int rc = io_uring_queue_init(kRingEntries, &ring_, 0); rc < 0) {
        np::throw_errno("io_uring_queue_init", -rc);
    }
}

void UringEcho::run() {
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

io_uring_sqe* UringEcho::sqe() {
    io_uring_sqe* entry = io_uring_get_sqe(&ring_);
    while (entry == nullptr) {  // the submission queue is full: hand it over, retry
        io_uring_submit(&ring_);
        entry = io_uring_get_sqe(&ring_);
    }
    return entry;
}

void UringEcho::submit_accept() {
    io_uring_sqe* entry = sqe();
    io_uring_prep_accept(entry, listener_, nullptr, nullptr, SOCK_CLOEXEC);
    io_uring_sqe_set_data(entry, &accept_);
}

void UringEcho::submit_signal_read() {
    io_uring_sqe* entry = sqe();
    io_uring_prep_read(entry, signals_.fd(), &signal_info_, sizeof signal_info_, 0);
    io_uring_sqe_set_data(entry, &signal_);
}

void UringEcho::submit_receive(Connection& c) {
    c.operation.kind = Operation::kReceive;
    io_uring_sqe* entry = sqe();
    io_uring_prep_recv(entry, c.fd.get(), c.buffer.get(), kBufferSize, 0);
    io_uring_sqe_set_data(entry, &c.operation);
}

void UringEcho::submit_send(Connection& c) {
    c.operation.kind = Operation::kSend;
    io_uring_sqe* entry = sqe();
    io_uring_prep_send(entry, c.fd.get(), c.buffer.get() + c.sent, c.length - c.sent, MSG_NOSIGNAL);
    io_uring_sqe_set_data(entry, &c.operation);
}

void UringEcho::complete(Operation& operation, int result) {
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

std::optional<np::Clock::time_point> UringEcho::next_wakeup() const {
    std::optional<np::Clock::time_point> at;
    if (!connections_.empty()) at = next_idle_check_;
    if (accept_retry_) at = at ? std::min(*at, *accept_retry_) : *accept_retry_;
    return at;
}

void UringEcho::housekeeping() {
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

}  // namespace uring

void run_uring_echo(int listener, const EchoSettings& settings) {
    // io_uring waits for connections itself. With O_NONBLOCK on the listener, some kernels
    // complete an accept with -EAGAIN at once instead of waiting: clear it.
    const int flags = np::check(fcntl(listener, F_GETFL), "fcntl(F_GETFL)");
    np::check(fcntl(listener, F_SETFL, flags & ~O_NONBLOCK), "fcntl(F_SETFL)");
    uring::UringEcho server(listener, settings);
    server.run();
}

}  // namespace eventloop
