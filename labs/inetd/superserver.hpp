#pragma once
// The super-server: one process, one poll() over the sockets of every configured
// service, and a child started for each connection (nowait) or for each burst of
// datagrams (wait). Signals arrive through a signalfd in the same poll: SIGCHLD to reap,
// SIGHUP to re-read the configuration, SIGTERM and SIGINT to stop.

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "inetd_conf.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "np/signals.hpp"
#include "rate_limit.hpp"
#include "syslog_client.hpp"

namespace inetd {

// One socket inetd listens on: a service line gives one or two (IPv4 and IPv6).
struct Listener {
    ServiceEntry entry;
    int family = 0;      // AF_INET or AF_INET6
    bool v6only = true;  // for AF_INET6: no IPv4-mapped connections
    np::Fd socket;       // empty while the service is disabled or could not bind
    pid_t server = 0;    // wait services: the server that holds the socket now
    RateLimit rate{kDefaultMaxPerMinute};
    np::Clock::time_point retry_at{};  // when a closed socket is opened again
    std::uint64_t chargen_counter = 0;

    // What identifies the socket: a reload keeps the socket of an equal key.
    std::string key() const;
    // "echo/tcp6", for messages.
    std::string name() const;
};

// Whether inetd accepts the service's connections itself (nowait TCP, and every internal
// TCP service) rather than handing the listening socket to a server (wait TCP).
bool accepts_itself(const ServiceEntry& entry);

class Superserver {
public:
    Superserver(std::string config_path, daemons::SyslogClient& log);

    // Sets the services to those of `config`, keeping the sockets (and the running
    // servers) of the services that stay, opening the new ones, closing the others.
    void apply(const InetdConfig& config);

    // Serves until SIGTERM or SIGINT; returns the signal's number.
    int run(np::SignalFd& signals);

private:
    std::vector<std::unique_ptr<Listener>> wanted_listeners(const InetdConfig& config);
    void open_socket(Listener& listener);
    void dispatch(Listener& listener);
    void start_server(Listener& listener, int socket_fd);
    void disable(Listener& listener, np::Clock::time_point now);
    void reap_children();
    void reload();
    void reopen_due(np::Clock::time_point now);
    int poll_timeout_ms(np::Clock::time_point now) const;
    Listener* find(const std::string& key);

    std::string config_path_;
    daemons::SyslogClient& log_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    // Every running child -> the key of the listener it serves, and whether it holds
    // that listener's socket (a wait server).
    std::map<pid_t, std::pair<std::string, bool>> children_;
};

}  // namespace inetd
