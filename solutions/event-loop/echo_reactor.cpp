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
    const std::size_t room =
        server_.settings_.max_pending - std::min(pending_.size(), server_.settings_.max_pending);
    if (peer_finished_ || room == 0) return;
    std::array<char, 16 * 1024> buffer;
    const ssize_t n = ::read(fd_.get(), buffer.data(), std::min(room, buffer.size()));
    if (n > 0) {
        pending_.append(buffer.data(), static_cast<std::size_t>(n));
        write_some();  // usually the socket takes it all at once: no EPOLLOUT round
    } else if (n == 0) {
        peer_finished_ = true;
    } else if (errno != EAGAIN && errno != EINTR) {
        close();  // ECONNRESET and friends
    }
}

void EchoConnection::write_some() {
    const ssize_t n = ::send(fd_.get(), pending_.data(), pending_.size(), MSG_NOSIGNAL);
    if (n >= 0) {
        pending_.erase(0, static_cast<std::size_t>(n));
    } else if (errno != EAGAIN && errno != EINTR) {
        close();  // EPIPE, ECONNRESET: the client is gone
    }
}

void EchoConnection::update_interest() {
    std::uint32_t wanted = 0;
    if (!peer_finished_ && pending_.size() < server_.settings_.max_pending) wanted |= kReadable;
    if (!pending_.empty()) wanted |= kWritable;
    if (wanted != interest_) {
        server_.loop_.modify(fd_.get(), wanted);
        interest_ = wanted;
    }
}

void EchoConnection::close() {
    if (closed_) return;
    closed_ = true;
    server_.connections_.remove(fd_.get());
}

}  // namespace eventloop
