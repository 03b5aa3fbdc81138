// The super-server's loop: one poll() over the signalfd and every listener that is free,
// and the timer that opens again the sockets that failed or were disabled.

#include <poll.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "np/check.hpp"
#include "superserver.hpp"

namespace inetd {

Superserver::Superserver(std::string config_path, daemons::SyslogClient& log)
    : config_path_(std::move(config_path)), log_(log) {}

void Superserver::disable(Listener& listener, np::Clock::time_point now) {
    log_.error(listener.name() + ": more than " + std::to_string(listener.entry.max_per_minute) +
               " servers started in a minute (looping or flooded); service disabled for " +
               std::to_string(kDisabledFor.count()) + " minutes");
    listener.socket.reset();
    listener.retry_at = now + kDisabledFor;
    listener.rate.reset();
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
