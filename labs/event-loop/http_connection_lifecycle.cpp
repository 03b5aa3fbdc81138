// Given: np-httpd's connections from accept to close: adding one (no Nagle), watching it,
// reading requests into its input, passing its events on to advance (http_server.cpp,
// yours), and the lingering close.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <memory>
#include <utility>

#include "http_server.hpp"

namespace eventloop {

namespace {
constexpr auto kLingerTime = std::chrono::seconds(2);
}  // namespace

HttpServer::HttpServer(EventLoop& loop, int listener, int root, HttpSettings settings)
    : loop_(loop),
      root_(root),
      settings_(settings),
      connections_(loop),
      acceptor_(
          loop, listener, [this](np::Fd connection) { add(std::move(connection)); },
          settings.accepts_per_wakeup, settings.shared_listener) {}

HttpServer::~HttpServer() = default;

void HttpServer::add(np::Fd connection) {
    const int fd = connection.get();
    // A response's last segment must leave at once, even while the previous response's
    // tail is not yet acknowledged (keep-alive, pipelining): no Nagle.
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    connections_.add(fd, std::make_unique<HttpConnection>(*this, std::move(connection))).start();
}

void HttpServer::remove(int fd) {
    connections_.remove(fd);
    if (shutting_down_ && connections_.empty()) loop_.stop();
}

HttpConnection::HttpConnection(HttpServer& server, np::Fd fd)
    : server_(server),
      fd_(std::move(fd)),
      idle_(server.loop_, server.settings_.idle_timeout, [this] { close(); }) {}

HttpConnection::~HttpConnection() {
    if (fd_) server_.loop_.unwatch(fd_.get());
}

void HttpConnection::start() {
    interest_ = kReadable;
    server_.loop_.watch(fd_.get(), interest_, [this](std::uint32_t events) { on_events(events); });
    idle_.start();
}

void HttpConnection::on_events(std::uint32_t events) {
    if (closed_) return;
    idle_.note_activity();
    if (lingering_) {
        discard_input();
        return;
    }
    if (events & (kReadable | EPOLLHUP | EPOLLERR)) read_some();
    if (closed_) return;
    advance();
}

void HttpConnection::read_some() {
    if (peer_finished_ || close_after_response_ || input_.size() >= kInputRoom) return;
    std::array<char, 16 * 1024> buffer;
    const ssize_t n =
        ::read(fd_.get(), buffer.data(), std::min(buffer.size(), kInputRoom - input_.size()));
    if (n > 0) {
        input_.append(buffer.data(), static_cast<std::size_t>(n));
    } else if (n == 0) {
        peer_finished_ = true;
    } else if (errno != EAGAIN && errno != EINTR) {
        close();
    }
}

void HttpConnection::send_file_after_head(np::Fd file, std::uint64_t size) {
    file_ = std::move(file);
    file_offset_ = 0;
    file_left_ = size;
}

void HttpConnection::linger() {
    if (peer_finished_) {
        close();  // nothing more will come: no reset to fear
        return;
    }
    lingering_ = true;
    ::shutdown(fd_.get(), SHUT_WR);
    server_.loop_.modify(fd_.get(), kReadable);
    interest_ = kReadable;
    idle_.expire_after(kLingerTime);
}

void HttpConnection::discard_input() {
    std::array<char, 16 * 1024> buffer;
    const ssize_t n = ::read(fd_.get(), buffer.data(), buffer.size());
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) close();
}

void HttpConnection::close() {
    if (closed_) return;
    closed_ = true;
    server_.remove(fd_.get());
}

}  // namespace eventloop
