#include "http_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "http_response.hpp"
#include "np/log.hpp"

namespace eventloop {

namespace {
// Input kept per connection: room for one head at its largest, so that the parser can
// see it is too large; past this we stop reading until a request is answered.
constexpr std::size_t kInputRoom = 32 * 1024;
constexpr std::size_t kSendfileChunk = 1 << 20;
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

void HttpServer::shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    acceptor_.stop();
    loop_.after(settings_.grace, [this] { loop_.stop(); });
    if (connections_.empty()) {
        loop_.stop();
        return;
    }
    connections_.for_each([](HttpConnection& connection) { connection.drain(); });
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

void HttpConnection::drain() {
    if (closed_ || lingering_) return;
    close_after_response_ = true;
    if (!response_pending()) close();
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

void HttpConnection::advance() {
    for (;;) {
        if (!response_pending()) {
            if (close_after_response_) {
                linger();
                return;
            }
            if (!start_next_response()) break;
        }
        if (!send_some()) return;
        if (response_pending()) break;  // the socket is full: wait until it is writable
    }
    if (peer_finished_ && !response_pending()) {
        close();  // the client sent all it will and got every answer
        return;
    }
    update_interest();
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

bool HttpConnection::start_next_response() {
    const ParseResult parsed = parse_request(input_, server_.settings_.limits);
    switch (parsed.kind) {
        case ParseResult::kIncomplete:
            return false;
        case ParseResult::kInvalid:
            np::debug("bad request (" + std::to_string(parsed.status) + "): " + parsed.reason);
            // After a malformed request we cannot tell where the next one would start.
            output_ = error_response(parsed.status, false);
            close_after_response_ = true;
            input_.clear();
            return true;
        case ParseResult::kComplete:
            input_.erase(0, parsed.consumed);
            respond_to(parsed.request);
            return true;
    }
    return false;
}

void HttpConnection::respond_to(const HttpRequest& request) {
    const bool keep_alive = request.keep_alive && !close_after_response_;
    close_after_response_ = !keep_alive;
    const bool head_only = request.method == Method::kHead;
    const auto relative = relative_file_path(request.path);
    if (!relative) {
        output_ = error_response(400, keep_alive, head_only);  // "..": out of the root
        return;
    }
    np::Fd file = open_beneath(server_.root(), *relative);
    struct stat info {};
    if (!file || fstat(file.get(), &info) == -1) {
        output_ = error_response(404, keep_alive, head_only);
        return;
    }
    ResponseHead head;
    head.content_length = static_cast<std::uint64_t>(info.st_size);
    head.content_type = content_type(*relative);
    head.keep_alive = keep_alive;
    output_ = format_head(head);
    if (!head_only && info.st_size > 0) {
        send_file_after_head(std::move(file), head.content_length);
    }
}

bool HttpConnection::send_some() {
    while (!output_.empty()) {
        // MSG_MORE when a file follows: the head and the start of the body leave in one
        // segment, instead of a small one that Nagle's algorithm and the client's delayed
        // ACK can hold back for 40 ms.
        const int more = file_left_ > 0 ? MSG_MORE : 0;
        const ssize_t n = ::send(fd_.get(), output_.data(), output_.size(), MSG_NOSIGNAL | more);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return true;
            close();
            return false;
        }
        output_.erase(0, static_cast<std::size_t>(n));
    }
    while (file_left_ > 0) {
        // The kernel copies from the page cache to the socket: no read into our memory.
        const ssize_t n = sendfile(fd_.get(), file_.get(), &file_offset_,
                                   std::min<std::uint64_t>(file_left_, kSendfileChunk));
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
        if (n <= 0) {  // an error, or the file shrank: the promised length cannot be kept
            close();
            return false;
        }
        file_left_ -= static_cast<std::uint64_t>(n);
    }
    file_.reset();
    return true;
}

void HttpConnection::send_file_after_head(np::Fd file, std::uint64_t size) {
    file_ = std::move(file);
    file_offset_ = 0;
    file_left_ = size;
}

void HttpConnection::update_interest() {
    std::uint32_t wanted = 0;
    if (!peer_finished_ && !close_after_response_ && input_.size() < kInputRoom)
        wanted |= kReadable;
    if (response_pending()) wanted |= kWritable;
    if (wanted != interest_) {
        server_.loop_.modify(fd_.get(), wanted);
        interest_ = wanted;
    }
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
