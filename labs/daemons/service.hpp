#pragma once
// What np-daemond does once it is a daemon: answer every UDP datagram on the configured
// port with the configured text, re-read the configuration on SIGHUP, and stop on
// SIGTERM or SIGINT. Signals arrive as events through a signalfd, in the same poll() as
// the datagrams: the work they ask for is done in the loop, never in a signal handler.

#include <cstdint>
#include <string>

#include "config.hpp"
#include "np/fd.hpp"
#include "np/signals.hpp"
#include "syslog_client.hpp"

namespace daemons {

// A non-blocking UDP socket bound to `port` on every address, IPv6 and IPv4 alike (one
// dual-stack socket). Throws std::system_error ("bind port 7007: Address already in use").
np::Fd open_udp_socket(std::uint16_t port);

class Service {
public:
    // Opens the socket for config.port (throws as open_udp_socket does). config_path is
    // what SIGHUP re-reads: an absolute path, since a daemon's working directory is "/".
    Service(std::string config_path, Config config, SyslogClient& log);

    // Serves until SIGTERM or SIGINT comes through `signals` (which must watch SIGHUP,
    // SIGTERM and SIGINT) and returns that signal's number.
    int run(np::SignalFd& signals);

    const Config& config() const noexcept { return config_; }

private:
    // One datagram in, the reply text out to its sender.
    void answer();
    // What a signal asks for; true when it asks us to stop.
    bool handle_signal(int sig);
    // Re-reads config_path_; if it is good, serves it (a new port gets a new socket);
    // if not, logs why and keeps the configuration in force.
    void reload();

    std::string config_path_;
    Config config_;
    SyslogClient& log_;
    np::Fd socket_;
};

}  // namespace daemons
