#include "echo_reactor.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "np/check.hpp"

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

void EchoConnection::read_some() {
    // TODO(student): if the client has not half-closed and pending_ has room (below
    // settings max_pending), ONE read of at most that room (level-triggered: if more is
    // waiting, we are called again). Data: append it to pending_ and try write_some() at
    // once. 0: the client half-closed (peer_finished_). Error other than EAGAIN / EINTR
    // (ECONNRESET...): close().
}

void EchoConnection::write_some() {
    // TODO(student): send() what is pending with MSG_NOSIGNAL and erase what was taken.
    // EAGAIN / EINTR: keep it for later; other errors (EPIPE, ECONNRESET): close().
}

void EchoConnection::update_interest() {
    // TODO(student): the events to watch now: kReadable while the client may still send
    // and pending_ is below max_pending (above it we stop reading: backpressure, and the
    // kernel's buffers then push back on the client); kWritable only while output is
    // pending. Call loop_.modify only when that differs from interest_.
}

void EchoConnection::close() {
    if (closed_) return;
    closed_ = true;
    server_.connections_.remove(fd_.get());
}

}  // namespace eventloop
