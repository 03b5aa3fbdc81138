// The super-server's sockets: which ones a configuration asks for, opening them, and
// applying a new configuration (at start and on SIGHUP) while keeping the sockets, and the
// running servers, of the services that stay.

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <exception>

#include "np/address.hpp"
#include "np/check.hpp"
#include "superserver.hpp"

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

}  // namespace

bool accepts_itself(const ServiceEntry& entry) {
    return entry.stream && (!entry.wait || entry.internal != Internal::kNone);
}

std::string Listener::key() const {
    return entry.host + "|" + std::to_string(entry.port) + "|" + (entry.stream ? "s" : "d") + "|" +
           std::to_string(family) + (v6only ? "|6" : "|46");
}

std::string Listener::name() const {
    const char* base = entry.stream ? "tcp" : "udp";
    const char* suffix = family == AF_INET ? "" : (v6only ? "6" : "46");
    return (entry.host.empty() ? "" : entry.host + ":") + entry.service + "/" + base + suffix;
}

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

}  // namespace inetd
