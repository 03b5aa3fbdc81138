#pragma once
// Accepting connections on a listening socket watched by the loop.

#include <functional>

#include "event_loop.hpp"
#include "np/fd.hpp"

namespace eventloop {

class Acceptor {
public:
    // Takes each new connection, already non-blocking.
    using OnConnection = std::function<void(np::Fd connection)>;

    // Watches `listener` (which the caller keeps owning and must outlive this object, or be
    // stop()ped first) and accepts at most `per_wakeup` connections per readiness event,
    // so that one busy listener does not starve the connections.
    // shared: the listener is shared with other worker processes. Register it with
    // EPOLLEXCLUSIVE, so that a new connection wakes one worker instead of all of them,
    // and take turns: the kernel wakes the first idle worker in the socket's wait queue,
    // which would get nearly every connection; after accepting, this worker registers
    // again, which puts it at the back of the queue.
    Acceptor(EventLoop& loop, int listener, OnConnection on_connection, int per_wakeup = 64,
             bool shared = false);
    ~Acceptor() { stop(); }
    Acceptor(const Acceptor&) = delete;
    Acceptor& operator=(const Acceptor&) = delete;

    // Stops accepting (the listening socket stays open until its owner closes it).
    void stop();

private:
    void accept_some();
    // Out of descriptors: the pending connection stays queued and the listener stays
    // readable, so a level-triggered loop would spin. Stop watching it for a moment.
    void pause();
    void register_listener();

    EventLoop& loop_;
    int listener_;
    OnConnection on_connection_;
    int per_wakeup_;
    bool shared_;
    TimerId resume_timer_ = 0;
    bool stopped_ = false;
};

}  // namespace eventloop
