#pragma once
// The io_uring engine of np-echod (see echo_uring.hpp): the server that owns the ring. Its
// loop, submissions and housekeeping are given (echo_uring_ring.cpp); what to do when an
// accept, a receive or a send has completed is yours (echo_uring.cpp).

#include <liburing.h>
#include <signal.h>
#include <sys/signalfd.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <unordered_map>

#include "echo_settings.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "np/signals.hpp"

namespace eventloop::uring {

constexpr unsigned kRingEntries = 4096;
constexpr std::size_t kBufferSize = 16 * 1024;  // the most a connection holds
// After an accept failed for want of descriptors: how long to wait before the next.
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

// The server: the ring, the connections, and what is in flight for each.
class UringEcho {
public:
    UringEcho(int listener, const EchoSettings& settings);
    // The ring goes before the connections (members are destroyed after this body): their
    // buffers may be in the kernel's hands until the ring is gone.
    ~UringEcho() { io_uring_queue_exit(&ring_); }

    void run();

private:
    io_uring_sqe* sqe();
    void submit_accept();
    void submit_signal_read();
    void submit_receive(Connection& c);
    void submit_send(Connection& c);
    void complete(Operation& operation, int result);
    void accepted(int result);                 // yours: echo_uring.cpp
    void received(Connection& c, int result);  // yours: echo_uring.cpp
    void sent(Connection& c, int result);      // yours: echo_uring.cpp

    // Its only operation has completed: nothing in the ring refers to it any more.
    void finish(Connection& c) { connections_.erase(c.fd.get()); }

    std::optional<np::Clock::time_point> next_wakeup() const;

    // Closes idle connections and resumes accepting when it is time.
    void housekeeping();

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

}  // namespace eventloop::uring
