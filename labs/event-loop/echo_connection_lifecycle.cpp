// Given: the echo server's connections from accept to close: adding one, watching it,
// passing its events on to read_some and write_some (echo_reactor.cpp, yours), closing it.

#include <memory>
#include <utility>

#include "echo_reactor.hpp"

namespace eventloop {

EchoReactor::EchoReactor(EventLoop& loop, int listener, EchoSettings settings)
    : loop_(loop),
      settings_(settings),
      connections_(loop),
      acceptor_(loop, listener, [this](np::Fd connection) { add(std::move(connection)); }) {}

EchoReactor::~EchoReactor() = default;

void EchoReactor::add(np::Fd connection) {
    const int fd = connection.get();
    connections_.add(fd, std::make_unique<EchoConnection>(*this, std::move(connection))).start();
}

EchoConnection::EchoConnection(EchoReactor& server, np::Fd fd)
    : server_(server),
      fd_(std::move(fd)),
      idle_(server.loop_, server.settings_.idle_timeout, [this] { close(); }) {}

EchoConnection::~EchoConnection() {
    if (fd_) server_.loop_.unwatch(fd_.get());
}

void EchoConnection::start() {
    interest_ = kReadable;
    server_.loop_.watch(fd_.get(), interest_, [this](std::uint32_t events) { on_events(events); });
    idle_.start();
}

void EchoConnection::on_events(std::uint32_t events) {
    if (closed_) return;  // finished earlier in this round
    idle_.note_activity();
    // Errors and hang-ups surface as a failing read or write below.
    if (events & (kReadable | EPOLLHUP | EPOLLERR)) read_some();
    if (!closed_ && (events & (kWritable | EPOLLERR)) && !pending_.empty()) write_some();
    if (closed_) return;
    if (peer_finished_ && pending_.empty()) {
        // Everything echoed: closing sends our FIN after the last byte.
        close();
        return;
    }
    update_interest();
}

void EchoConnection::close() {
    if (closed_) return;
    closed_ = true;
    server_.connections_.remove(fd_.get());
}

}  // namespace eventloop
