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
[[maybe_unused]] constexpr std::size_t kSendfileChunk = 1 << 20;  // the most one sendfile sends
}  // namespace

void HttpServer::shutdown() {
    // TODO(student): the graceful stop (once: shutting_down_). Stop accepting
    // (acceptor_.stop()); set a timer that stops the loop after settings_.grace whatever
    // happens; stop the loop now if there are no connections; else drain() each
    // (connections_.for_each: drain may remove it). remove() stops the loop when the last
    // one is gone.
}

void HttpConnection::drain() {
    // TODO(student): unless closed or lingering already: close after the current response
    // (close_after_response_), and close() at once if no response is pending.
}

void HttpConnection::advance() {
    // TODO(student): answer what has been received, in order, one response at a time:
    // while no response is pending, linger() (then return) if close_after_response_,
    // else start_next_response() (none complete yet: stop); then send_some() (false: the
    // connection is closed, return at once); a response still pending means the socket
    // is full: stop. Afterwards, close() if the client has finished sending and nothing
    // is pending; else update_interest().
}

bool HttpConnection::start_next_response() {
    // TODO(student): parse_request(input_, settings limits).
    //   Incomplete: false.
    //   Invalid: output_ = error_response(status, false); close after it (what follows a
    //     malformed request cannot be trusted), drop the input; true.
    //   Complete: erase the consumed bytes from input_, respond_to the request; true.
    return false;
}

void HttpConnection::respond_to([[maybe_unused]] const HttpRequest& request) {
    // TODO(student): the response to one request, into output_ (and file_):
    //   - keep the connection after it if the request says so and we are not stopping
    //     (close_after_response_ otherwise);
    //   - relative_file_path of the path: refused -> error_response(400, ...);
    //   - open_beneath(server_.root(), it) and fstat: nothing -> error_response(404, ...);
    //   - else format_head(200, st_size, content_type, keep-alive) and, for a GET of a
    //     non-empty file, send_file_after_head (send_some then sends it with sendfile).
    // HEAD: the same head, no body (error_response's head_only too).
}

bool HttpConnection::send_some() {
    // TODO(student): send output_ (MSG_NOSIGNAL, and MSG_MORE when a file follows: the
    // head then leaves with the start of the body, not alone where Nagle's algorithm and
    // the client's delayed ACK can hold the body back 40 ms), then the file with sendfile (chunks
    // of at most kSendfileChunk, from file_offset_, counting down file_left_), until done or EAGAIN
    // (true: wait for EPOLLOUT). A failure, or sendfile returning 0 (the file shrank: the
    // Content-Length promised cannot be kept): close() and false. Release file_ when the body is
    // all sent.
    return true;
}

void HttpConnection::update_interest() {
    // TODO(student): kReadable while the client may send, we will answer more, and
    // input_ has room (kInputRoom); kWritable while a response is pending. loop_.modify
    // only on a change of interest_.
}

}  // namespace eventloop
