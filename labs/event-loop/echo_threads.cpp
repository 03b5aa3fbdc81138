#include "echo_threads.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <system_error>
#include <thread>

#include "np/check.hpp"
#include "np/fd.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"

namespace eventloop {

namespace {

constexpr std::size_t kBufferSize = 16 * 1024;

bool send_all(int fd, const char* data, std::size_t length) {
    while (length > 0) {
        const ssize_t n = ::send(fd, data, length, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        length -= static_cast<std::size_t>(n);
    }
    return true;
}

// The whole life of one connection, in its own thread. Blocking: a client that does not
// read blocks this thread in send(), which stops it reading: backpressure for free.
void serve(np::Fd connection, EchoSettings settings) {
    const auto ms = settings.idle_timeout.count();
    timeval timeout{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
    // The idle timeout: a read that waits longer fails with EAGAIN. Unchecked: these cannot
    // fail on a connected socket, and a thread has no caller to throw to.
    setsockopt(connection.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(connection.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    char buffer[kBufferSize];
    for (;;) {
        const ssize_t n = ::read(connection.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // half-close (everything echoed), timeout, or reset
        if (!send_all(connection.get(), buffer, static_cast<std::size_t>(n))) return;
    }
}

}  // namespace

void run_threaded_echo(int listener, const EchoSettings& settings) {
    // SIGINT and SIGTERM end the server (the connection threads end with the process).
    // Blocked before the first thread starts, so that they all inherit the mask.
    np::SignalFd signals({SIGINT, SIGTERM});
    for (;;) {
        pollfd ready[2] = {{listener, POLLIN, 0}, {signals.fd(), POLLIN, 0}};
        if (poll(ready, 2, -1) == -1 && errno != EINTR) np::check(-1, "poll");
        if (ready[1].revents & POLLIN) return;
        if (!(ready[0].revents & POLLIN)) continue;
        const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);  // blocking socket
        if (fd == -1) {
            if (errno == EMFILE || errno == ENFILE) {
                np::warn("accept: " + np::errno_text(errno) + " (pausing)");
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            } else if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
                np::check(-1, "accept4");
            }
            continue;
        }
        try {
            std::thread(serve, np::Fd(fd), settings).detach();
        } catch (const std::system_error& e) {
            // Out of threads: the client is refused (its descriptor, handed to the
            // thread's arguments, is closed with them).
            np::warn(std::string("cannot start a thread: ") + e.what());
        }
    }
}

}  // namespace eventloop
