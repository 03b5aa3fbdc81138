#include "superserver.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>

#include "internal_services.hpp"
#include "launch.hpp"
#include "np/address.hpp"
#include "np/check.hpp"

namespace inetd {

namespace {

// The sockets one service line asks for: (family, v6only) pairs.
std::vector<std::pair<int, bool>> sockets_for(Families families) {
    switch (families) {
        case Families::kV4:
            return {{AF_INET, false}};
        case Families::kV6:
            return {{AF_INET6, true}};
        case Families::kDualStack:
            return {{AF_INET6, false}};
        case Families::kBoth:
            break;
    }
    return {{AF_INET, false}, {AF_INET6, true}};
}

// The address to bind: the service's host (resolved in `family`) or the wildcard.
np::SocketAddress bind_address(const Listener& listener) {
    np::SocketAddress address;
    if (!listener.entry.host.empty()) {
        const auto found = np::resolve(listener.entry.host, listener.family,
                                       listener.entry.stream ? SOCK_STREAM : SOCK_DGRAM);
        address = found.front();
    } else if (listener.family == AF_INET) {
        sockaddr_in any{};
        any.sin_family = AF_INET;
        address = np::SocketAddress(reinterpret_cast<const sockaddr*>(&any), sizeof any);
    } else {
        sockaddr_in6 any{};
        any.sin6_family = AF_INET6;
        address = np::SocketAddress(reinterpret_cast<const sockaddr*>(&any), sizeof any);
    }
    address.set_port(listener.entry.port);
    return address;
}

// nowait TCP: inetd accepts, so the socket never blocks it. wait TCP: the server accepts,
// and the descriptor it gets shares these flags.
void set_nonblocking(int fd, bool nonblocking) {
    const int flags = np::check(fcntl(fd, F_GETFL), "fcntl");
    np::check(fcntl(fd, F_SETFL, nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK), "fcntl");
}

bool accepts_itself(const ServiceEntry& entry) {
    return entry.stream && (!entry.wait || entry.internal != Internal::kNone);
}

[[maybe_unused]] std::string describe_exit(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
}

}  // namespace

std::string Listener::key() const {
    return entry.host + "|" + std::to_string(entry.port) + "|" + (entry.stream ? "s" : "d") + "|" +
           std::to_string(family) + (v6only ? "|6" : "|46");
}

std::string Listener::name() const {
    const char* base = entry.stream ? "tcp" : "udp";
    const char* suffix = family == AF_INET ? "" : (v6only ? "6" : "46");
    return (entry.host.empty() ? "" : entry.host + ":") + entry.service + "/" + base + suffix;
}

Superserver::Superserver(std::string config_path, daemons::SyslogClient& log)
    : config_path_(std::move(config_path)), log_(log) {}

Listener* Superserver::find(const std::string& key) {
    for (auto& listener : listeners_) {
        if (listener->key() == key) return listener.get();
    }
    return nullptr;
}

void Superserver::open_socket(Listener& listener) {
    try {
        const np::SocketAddress address = bind_address(listener);
        const int type = listener.entry.stream ? SOCK_STREAM : SOCK_DGRAM;
        np::Fd fd(np::check(socket(listener.family, type | SOCK_CLOEXEC, 0), "socket"));
        const int on = 1;
        np::check(setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), "SO_REUSEADDR");
        if (listener.family == AF_INET6) {
            const int v6only = listener.v6only ? 1 : 0;
            np::check(setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only),
                      "IPV6_V6ONLY");
        }
        np::check(bind(fd.get(), address.data(), address.size()), "bind " + address.to_string());
        if (listener.entry.stream) np::check(listen(fd.get(), 128), "listen");
        set_nonblocking(fd.get(), accepts_itself(listener.entry));
        listener.socket = std::move(fd);
    } catch (const std::exception& e) {
        // A port in use now may be free in a minute: try again then.
        log_.error(listener.name() + ": " + e.what() + "; retrying in a minute");
        listener.retry_at = np::Clock::now() + kRateInterval;
    }
}

// The sockets the services of `config` ask for, not opened yet. A tcp/udp line with a
// host asks only for the families that host has an address in.
std::vector<std::unique_ptr<Listener>> Superserver::wanted_listeners(const InetdConfig& config) {
    std::vector<std::unique_ptr<Listener>> wanted;
    for (const ServiceEntry& entry : config.services) {
        for (const auto& [family, v6only] : sockets_for(entry.families)) {
            if (!entry.host.empty() && entry.families == Families::kBoth) {
                try {
                    np::resolve(entry.host, family);
                } catch (const std::exception&) {
                    continue;
                }
            }
            auto listener = std::make_unique<Listener>();
            listener->entry = entry;
            listener->family = family;
            listener->v6only = v6only;
            listener->rate.set_max(entry.max_per_minute);
            wanted.push_back(std::move(listener));
        }
    }
    return wanted;
}

void Superserver::apply(const InetdConfig& config) {
    for (const std::string& error : config.errors) log_.error(error + "; line skipped");
    std::vector<std::unique_ptr<Listener>> previous = std::move(listeners_);
    listeners_.clear();
    int added = 0, changed = 0, kept = 0;
    for (auto& listener : wanted_listeners(config)) {
        const ServiceEntry& entry = listener->entry;
        const auto same_socket = std::find_if(previous.begin(), previous.end(), [&](auto& old) {
            return old && old->key() == listener->key();
        });
        if (same_socket == previous.end()) {
            if (find(listener->key()) != nullptr) {
                log_.error(entry.where + ": " + listener->name() + " is configured twice; skipped");
                continue;
            }
            open_socket(*listener);
            log_.info("added " + listener->name() + " (" + entry.where + ")");
            listeners_.push_back(std::move(listener));
            ++added;
            continue;
        }
        // The same socket: keep it, and its running server, whatever else changed.
        std::unique_ptr<Listener> old = std::move(*same_socket);
        if (old->entry.same_service(entry)) {
            ++kept;
        } else {
            ++changed;
            log_.info("changed " + old->name() + " (" + entry.where + ")");
            if (old->socket) set_nonblocking(old->socket.get(), accepts_itself(entry));
        }
        old->entry = entry;
        old->rate.set_max(entry.max_per_minute);
        listeners_.push_back(std::move(old));
    }
    int removed = 0;
    for (auto& old : previous) {
        if (!old) continue;
        log_.info("removed " + old->name());
        ++removed;
    }
    log_.info(std::to_string(listeners_.size()) + " sockets: " + std::to_string(added) +
              " added, " + std::to_string(removed) + " removed, " + std::to_string(changed) +
              " changed, " + std::to_string(kept) + " unchanged");
}

void Superserver::reload() {
    try {
        apply(load_inetd_config(config_path_));
    } catch (const std::exception& e) {
        log_.error(std::string(e.what()) + "; keeping the services as they are");
    }
}

void Superserver::disable(Listener& listener, np::Clock::time_point now) {
    log_.error(listener.name() + ": more than " + std::to_string(listener.entry.max_per_minute) +
               " servers started in a minute (looping or flooded); service disabled for " +
               std::to_string(kDisabledFor.count()) + " minutes");
    listener.socket.reset();
    listener.retry_at = now + kDisabledFor;
    listener.rate.reset();
}

void Superserver::start_server([[maybe_unused]] Listener& listener,
                               [[maybe_unused]] int socket_fd) {
    // TODO(student): fork. The child runs the server and never returns: an internal
    // service with run_internal_child, any other with exec_server. The parent records the
    // child in children_ (the listener's key, and whether socket_fd is the listener's own
    // socket); if it is, the listener is busy (listener.server = pid) and run() stops
    // watching it until that child exits. A failed fork is logged, and nothing started.
}

void Superserver::dispatch(Listener& listener) {
    // TODO(student): the listener's socket is readable. For internal UDP services, answer
    // the datagram here (serve_datagram). For services that accept (accepts_itself): accept
    // the connection (close-on-exec); answer daytime and time here (answers_at_once,
    // serve_stream); otherwise count the start (listener.rate.allow; too many: disable)
    // and start_server with the connection, then close our copy. Everything else is a
    // wait service: count the start and start_server with the listening socket itself.
    // For now every connection and datagram is dropped unanswered.
    if (listener.entry.stream) {
        np::Fd dropped(accept4(listener.socket.get(), nullptr, nullptr, SOCK_CLOEXEC));
    } else {
        char dropped;
        [[maybe_unused]] const ssize_t n = recv(listener.socket.get(), &dropped, 1, MSG_DONTWAIT);
    }
}

void Superserver::reap_children() {
    // TODO(student): collect every child that has exited (waitpid(-1, ..., WNOHANG) until it
    // returns 0 or -1: one SIGCHLD may stand for several children). For each one in
    // children_: forget it; if it held its listener's socket, the listener is free again
    // (server = 0); log an exit status other than 0 (or death by SIGPIPE) with describe_exit.
}

void Superserver::reopen_due(np::Clock::time_point now) {
    for (auto& listener : listeners_) {
        if (listener->socket || now < listener->retry_at) continue;
        open_socket(*listener);
        if (listener->socket) log_.info(listener->name() + ": serving again");
    }
}

int Superserver::poll_timeout_ms(np::Clock::time_point now) const {
    std::optional<np::Clock::time_point> next_retry;
    for (const auto& listener : listeners_) {
        if (listener->socket) continue;
        if (!next_retry || listener->retry_at < *next_retry) next_retry = listener->retry_at;
    }
    return np::poll_timeout_ms(next_retry, now);
}

int Superserver::run(np::SignalFd& signals) {
    std::vector<pollfd> watched;
    std::vector<Listener*> owners;
    for (;;) {
        watched.assign(1, pollfd{signals.fd(), POLLIN, 0});
        owners.assign(1, nullptr);
        for (auto& listener : listeners_) {
            if (!listener->socket || listener->server != 0) continue;
            watched.push_back({listener->socket.get(), POLLIN, 0});
            owners.push_back(listener.get());
        }
        if (poll(watched.data(), watched.size(), poll_timeout_ms(np::Clock::now())) == -1) {
            if (errno == EINTR) continue;
            np::throw_errno("poll");
        }
        // Signals first: a reload may replace the listeners that `owners` points at.
        if (watched[0].revents & POLLIN) {
            while (const auto sig = signals.read()) {
                if (*sig == SIGCHLD) {
                    reap_children();
                } else if (*sig == SIGHUP) {
                    log_.info("SIGHUP: re-reading " + config_path_);
                    reload();
                    owners.assign(owners.size(), nullptr);
                } else {
                    log_.info(std::string("stopping on ") + sigabbrev_np(*sig));
                    return *sig;
                }
            }
        }
        for (std::size_t i = 1; i < watched.size(); ++i) {
            if (owners[i] != nullptr && owners[i]->socket && owners[i]->server == 0 &&
                (watched[i].revents & (POLLIN | POLLERR))) {
                dispatch(*owners[i]);
            }
        }
        reopen_due(np::Clock::now());
    }
}

}  // namespace inetd
