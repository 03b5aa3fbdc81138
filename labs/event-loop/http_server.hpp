#pragma once
// np-httpd's connections on the reactor: read requests (several may arrive at once:
// pipelining), answer them one at a time in order, keep the connection for the next.

#include <chrono>
#include <cstddef>
#include <string>

#include "acceptor.hpp"
#include "connection_set.hpp"
#include "event_loop.hpp"
#include "http_request.hpp"
#include "idle_timer.hpp"
#include "np/fd.hpp"

namespace eventloop {

struct HttpSettings {
    std::chrono::milliseconds idle_timeout{15'000};  // keep-alive connections with no request
    std::chrono::milliseconds grace{10'000};         // after shutdown(), for responses in flight
    int accepts_per_wakeup = 64;
    bool shared_listener = false;  // with other worker processes (see Acceptor)
    ParseLimits limits;
};

class HttpConnection;

class HttpServer {
public:
    // Serves files under the directory `root` (a descriptor, owned by the caller) to
    // connections accepted on `listener` (owned by the caller).
    HttpServer(EventLoop& loop, int listener, int root, HttpSettings settings);
    ~HttpServer();

    // Graceful stop: accept nothing more, close idle connections, let the others finish
    // the response they are sending, then stop the loop (after settings.grace at most).
    void shutdown();
    std::size_t connections() const { return connections_.size(); }
    int root() const { return root_; }

private:
    friend class HttpConnection;
    void add(np::Fd connection);
    // Called by a connection that is done (see ConnectionSet::remove); the last one to go
    // after shutdown() stops the loop.
    void remove(int fd);

    EventLoop& loop_;
    int root_;
    HttpSettings settings_;
    ConnectionSet<HttpConnection> connections_;
    bool shutting_down_ = false;
    Acceptor acceptor_;
};

class HttpConnection {
public:
    HttpConnection(HttpServer& server, np::Fd fd);
    ~HttpConnection();
    void start();
    // The server is stopping: close now if idle, else after the current response.
    void drain();

private:
    // Input kept per connection: room for one head at its largest, so that the parser can
    // see it is too large; past this we stop reading until a request is answered.
    static constexpr std::size_t kInputRoom = 32 * 1024;

    void on_events(std::uint32_t events);
    // Answers the requests received so far, in order, as fast as the client takes them.
    void advance();
    void read_some();
    // Takes the next complete request from the input and prepares its response; false
    // when there is none yet.
    bool start_next_response();
    void respond_to(const HttpRequest& request);
    // Sends what it can of the response; false if the connection failed (and is closed).
    bool send_some();
    bool response_pending() const { return !output_.empty() || file_left_ > 0; }
    // The body to send after output_: `size` bytes of `file`, from its start.
    void send_file_after_head(np::Fd file, std::uint64_t size);
    void update_interest();
    // Closing with unread input would make the kernel send a reset, which can destroy
    // the response still on its way. So: send our FIN, read and drop what still comes
    // until the client's FIN (or kLingerTime), then close ("lingering close").
    void linger();
    void discard_input();
    void close();

    HttpServer& server_;
    np::Fd fd_;
    std::string input_;   // received, not yet parsed
    std::string output_;  // the response head (and small bodies), not yet sent
    np::Fd file_;         // the body, sent with sendfile after output_
    off_t file_offset_ = 0;
    std::uint64_t file_left_ = 0;
    bool close_after_response_ = false;
    bool peer_finished_ = false;
    bool closed_ = false;
    bool lingering_ = false;
    std::uint32_t interest_ = 0;
    // Closes a keep-alive connection after settings idle_timeout without a request, and a
    // lingering one after kLingerTime.
    IdleTimer idle_;
};

}  // namespace eventloop
