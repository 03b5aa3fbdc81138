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
constexpr std::size_t kSendfileChunk = 1 << 20;  // the most one sendfile sends
}  // namespace

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

void HttpConnection::drain() {
    if (closed_ || lingering_) return;
    close_after_response_ = true;
    if (!response_pending()) close();
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

}  // namespace eventloop
