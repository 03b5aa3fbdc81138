// echo_load: a closed-loop load generator for np-echod, built by bench/event-loop/run.py
// (a Python client would be the bottleneck long before the server is).
//
//   echo_load HOST PORT CONNECTIONS SECONDS [--size BYTES] [--hold]
//
// Opens CONNECTIONS connections; on each, sends a message of BYTES (64) bytes, waits for
// its whole echo, and sends the next at once, for SECONDS seconds (the first half second
// is a warm-up, not counted). Prints one JSON line: round trips per second, latency
// percentiles in microseconds, errors. --hold: one round trip per connection, print
// {"ready": N}, then keep the connections open until killed (to measure the server's
// memory per idle connection).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
    int fd = -1;
    std::size_t sent = 0, received = 0;
    Clock::time_point started;
    bool connected = false;
};

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "echo_load: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

double percentile(std::vector<std::uint32_t>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
    return sorted[index];
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: echo_load HOST PORT CONNECTIONS SECONDS [--size N] [--hold]\n");
        return 2;
    }
    const char* host = argv[1];
    const int port = std::atoi(argv[2]);
    const int count = std::atoi(argv[3]);
    const double seconds = std::atof(argv[4]);
    std::size_t size = 64;
    bool hold = false;
    for (int i = 5; i < argc; ++i) {
        if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc)
            size = std::strtoul(argv[++i], nullptr, 10);
        if (std::strcmp(argv[i], "--hold") == 0) hold = true;
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        std::fprintf(stderr, "echo_load: not an IPv4 address: %s\n", host);
        return 2;
    }
    const int epoll = epoll_create1(0);
    if (epoll < 0) fail("epoll_create1");
    std::vector<Connection> connections(static_cast<std::size_t>(count));
    const std::string message(size, 'e');
    for (int i = 0; i < count; ++i) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0) fail("socket");
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 &&
            errno != EINPROGRESS) {
            fail("connect");
        }
        connections[static_cast<std::size_t>(i)].fd = fd;
        epoll_event event{};
        event.events = EPOLLOUT;
        event.data.u32 = static_cast<std::uint32_t>(i);
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0) fail("epoll_ctl");
    }

    std::vector<std::uint32_t> latencies;
    latencies.reserve(1 << 20);
    long round_trips = 0, errors = 0, ready = 0;
    const auto start = Clock::now();
    const auto warm = start + std::chrono::milliseconds(500);
    const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(seconds + 0.5));
    std::vector<char> buffer(std::max<std::size_t>(size, 4096));
    std::vector<epoll_event> events(512);

    auto send_message = [&](Connection& c) {
        c.sent = c.received = 0;
        c.started = Clock::now();
        const ssize_t n = send(c.fd, message.data(), message.size(), MSG_NOSIGNAL);
        if (n > 0) c.sent = static_cast<std::size_t>(n);
        return n >= 0 || errno == EAGAIN;
    };

    while (hold ? ready + errors < count : Clock::now() < end) {
        const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
        for (int k = 0; k < n; ++k) {
            Connection& c = connections[events[k].data.u32];
            if (c.fd < 0) continue;
            bool ok = true;
            if (!c.connected) {
                int error = 0;
                socklen_t length = sizeof error;
                getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                ok = error == 0;
                if (ok) {
                    c.connected = true;
                    epoll_event event{};
                    event.events = EPOLLIN;
                    event.data.u32 = events[k].data.u32;
                    epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
                    ok = send_message(c);
                }
            } else {
                if (c.sent < message.size()) {  // rare: finish a short send
                    const ssize_t s =
                        send(c.fd, message.data() + c.sent, message.size() - c.sent, MSG_NOSIGNAL);
                    if (s > 0) c.sent += static_cast<std::size_t>(s);
                }
                const ssize_t r = recv(c.fd, buffer.data(), buffer.size(), 0);
                if (r > 0) {
                    c.received += static_cast<std::size_t>(r);
                    if (c.received >= message.size()) {
                        const auto now = Clock::now();
                        if (hold) {
                            ++ready;
                            epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
                        } else {
                            if (now >= warm) {
                                ++round_trips;
                                latencies.push_back(static_cast<std::uint32_t>(
                                    std::chrono::duration_cast<std::chrono::microseconds>(now -
                                                                                          c.started)
                                        .count()));
                            }
                            ok = send_message(c);
                        }
                    }
                } else if (r == 0 || errno != EAGAIN) {
                    ok = false;
                }
            }
            if (!ok) {
                ++errors;
                close(c.fd);
                c.fd = -1;
            }
        }
    }
    if (hold) {
        std::printf("{\"ready\": %ld, \"errors\": %ld}\n", ready, errors);
        std::fflush(stdout);
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
    }
    const double measured = std::chrono::duration<double>(Clock::now() - warm).count();
    std::sort(latencies.begin(), latencies.end());
    std::printf(
        "{\"connections\": %d, \"round_trips\": %ld, \"rps\": %.1f, \"p50_us\": %.0f, "
        "\"p99_us\": %.0f, \"errors\": %ld}\n",
        count, round_trips, static_cast<double>(round_trips) / measured, percentile(latencies, 50),
        percentile(latencies, 99), errors);
    return 0;
}
