#pragma once
// np-echod's default engine: every connection on one EventLoop (the reactor).

#include <string>

#include "acceptor.hpp"
#include "connection_set.hpp"
#include "echo_settings.hpp"
#include "event_loop.hpp"
#include "idle_timer.hpp"
#include "np/fd.hpp"

namespace eventloop {

class EchoConnection;

class EchoReactor {
public:
    // Accepts on `listener` (owned by the caller) and echoes on every connection.
    EchoReactor(EventLoop& loop, int listener, EchoSettings settings);
    ~EchoReactor();

    std::size_t connections() const { return connections_.size(); }

private:
    friend class EchoConnection;
    void add(np::Fd connection);

    EventLoop& loop_;
    EchoSettings settings_;
    ConnectionSet<EchoConnection> connections_;
    Acceptor acceptor_;
};

// One client's connection: what it sent and we have not echoed yet, and what we watch.
class EchoConnection {
public:
    EchoConnection(EchoReactor& server, np::Fd fd);
    ~EchoConnection();
    void start();
    void on_events(std::uint32_t events);

private:
    // Reads once (level-triggered: if more is waiting we are called again).
    void read_some();
    // Writes what is pending, as much as the socket takes.
    void write_some();
    // Watches for reading while there is room in the buffer and the client may still send,
    // for writing only while output is pending (a writable socket is almost always
    // writable: watching it with nothing to write wakes the loop for nothing, forever).
    void update_interest();
    // Done: the server destroys it (unwatched, descriptor closed, idle timer cancelled)
    // after the current round of handlers, not while one of its own methods runs.
    void close();

    EchoReactor& server_;
    np::Fd fd_;
    std::string pending_;         // received, not yet echoed
    bool peer_finished_ = false;  // the client half-closed (read returned 0)
    bool closed_ = false;
    std::uint32_t interest_ = 0;
    IdleTimer idle_;  // closes the connection after settings idle_timeout without traffic
};

}  // namespace eventloop
