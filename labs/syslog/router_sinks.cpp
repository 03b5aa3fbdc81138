#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "np/check.hpp"
#include "router.hpp"
#include "timestamp.hpp"
#include "wire_format.hpp"

// The router's sinks (files, stdout, forwarding), and the Router's construction, flush and
// reopen, given. What you write of router.hpp, Router::route, is in router.cpp.

namespace syslogd {

namespace {

constexpr std::size_t kFlushAt = 64 * 1024;  // a buffered file is written at least this often

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // a full disk loses lines; the daemon must go on
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

class FileSink : public Sink {
public:
    FileSink(std::string path, bool sync) : path_(std::move(path)), sync_(sync) { open_file(); }

    void write(const Message&, const std::string& line) override {
        buffer_ += line;
        if (sync_ || buffer_.size() >= kFlushAt) flush();
    }

    void flush() override {
        if (buffer_.empty()) return;
        write_all(fd_.get(), buffer_);
        buffer_.clear();
        if (sync_) fdatasync(fd_.get());
    }

    void reopen() override {
        flush();
        open_file();
    }

private:
    void open_file() {
        fd_.reset(np::check(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640),
                            "open " + path_));
    }

    std::string path_;
    bool sync_;
    np::Fd fd_;
    std::string buffer_;
};

class StdoutSink : public Sink {
public:
    void write(const Message&, const std::string& line) override { buffer_ += line; }
    void flush() override {
        write_all(STDOUT_FILENO, buffer_);
        buffer_.clear();
    }

private:
    std::string buffer_;
};

// Sends each message on as RFC 3164 with the hostname, as classic syslogds forward.
class ForwardSink : public Sink {
public:
    explicit ForwardSink(const Action& action) {
        std::vector<np::SocketAddress> addresses;
        try {
            addresses = np::resolve(action.host, AF_UNSPEC, SOCK_DGRAM);
        } catch (const np::ResolveError& e) {
            throw std::runtime_error("forwarding to " + action.host + ": " + e.what());
        }
        if (addresses.empty()) throw std::runtime_error("no address for " + action.host);
        target_ = addresses.front();
        target_.set_port(action.port);
        socket_.reset(np::check(socket(target_.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    }

    void write(const Message& message, const std::string&) override {
        const std::string datagram =
            format_rfc3164(message.priority, message.timestamp, message.hostname, message.tag,
                           message.pid, message.text);
        // A lost datagram is UDP's deal; a refused one (nobody listening yet) too.
        [[maybe_unused]] ssize_t n =
            sendto(socket_.get(), datagram.data(), datagram.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                   target_.data(), target_.size());
    }

private:
    np::SocketAddress target_;
    np::Fd socket_;
};

std::string sink_key(const Action& action) {
    switch (action.kind) {
        case Action::kFile:
            return action.path;
        case Action::kStdout:
            return "/dev/stdout";
        case Action::kForward:
            break;
    }
    return "@" + action.host + ":" + std::to_string(action.port);
}

std::unique_ptr<Sink> open_sink(const Action& action) {
    switch (action.kind) {
        case Action::kFile:
            return std::make_unique<FileSink>(action.path, action.sync);
        case Action::kStdout:
            return std::make_unique<StdoutSink>();
        case Action::kForward:
            break;
    }
    return std::make_unique<ForwardSink>(action);
}

}  // namespace

Router::Router(const std::vector<Rule>& rules) {
    for (const Rule& rule : rules) {
        const std::string key = sink_key(rule.action);
        auto found = sinks_.find(key);
        if (found == sinks_.end()) {
            try {
                found = sinks_.emplace(key, open_sink(rule.action)).first;
            } catch (const std::exception& e) {
                problems_.push_back("rule of line " + std::to_string(rule.line) + ": " + e.what());
                sinks_.emplace(key, nullptr);
                rules_.push_back({rule.selector, nullptr});
                continue;
            }
        }
        rules_.push_back({rule.selector, found->second.get()});
    }
}

void Router::flush() {
    for (auto& [key, sink] : sinks_) {
        if (sink) sink->flush();
    }
}

void Router::reopen() {
    for (auto& [key, sink] : sinks_) {
        if (!sink) continue;
        try {
            sink->reopen();
        } catch (const std::exception& e) {
            // The old file stays open: its lines go on there until the next SIGHUP.
            problems_.push_back("cannot reopen " + key + ": " + e.what());
        }
    }
}

std::vector<std::string> Router::take_problems() { return std::exchange(problems_, {}); }

}  // namespace syslogd
