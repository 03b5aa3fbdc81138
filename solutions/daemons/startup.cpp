#include "startup.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "np/check.hpp"
#include "np/log.hpp"

namespace daemons {

namespace {

constexpr char kReady = '0';   // the whole report of a daemon that started
constexpr char kFailed = '1';  // followed by the message

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        // MSG_NOSIGNAL: if the original process is gone, EPIPE, not a fatal SIGPIPE.
        const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) return;  // the reader is gone: nobody left to tell
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

StartupChannel::StartupChannel() : creator_(getpid()) {
    int ends[2];
    np::check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), "socketpair");
    read_end_.reset(ends[0]);
    write_end_.reset(ends[1]);
}

bool StartupChannel::in_creator() const { return getpid() == creator_; }

void StartupChannel::wait_and_exit() {
    // Our copy of the write end must go, or we would never see end-of-file if the
    // daemon died without a word.
    write_end_.reset();
    std::string report;
    char buffer[512];
    for (;;) {
        const ssize_t n = read(read_end_.get(), buffer, sizeof buffer);
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) break;
        report.append(buffer, static_cast<std::size_t>(n));
    }
    if (!report.empty() && report[0] == kReady) _exit(0);
    if (!report.empty() && report[0] == kFailed) {
        np::warn(std::string_view(report).substr(1));
    } else {
        np::warn("the daemon exited before it was ready");
    }
    _exit(1);
}

void StartupChannel::ready() {
    if (!in_creator()) write_all(write_end_.get(), std::string(1, kReady));
    write_end_.reset();
    read_end_.reset();
}

void StartupChannel::fail(std::string_view message) {
    if (in_creator() || !write_end_) {
        np::warn(message);
    } else {
        write_all(write_end_.get(), kFailed + std::string(message));
    }
    write_end_.reset();
    read_end_.reset();
}

}  // namespace daemons
