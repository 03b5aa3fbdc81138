// np-inetd: the Internet super-server. One process listens on the ports of many rarely
// used services and starts each service's server only when a client comes.

#include <signal.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemonize.hpp"
#include "inetd_conf.hpp"
#include "inetd_options.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"
#include "startup.hpp"
#include "superserver.hpp"
#include "syslog_client.hpp"

namespace {

int serve(const inetd::InetdOptions& options, const inetd::InetdConfig& config,
          daemons::StartupChannel& startup) {
    std::optional<daemons::SyslogClient> log;
    try {
        log.emplace(np::program_name(), LOG_DAEMON, "", options.debug);
        // Blocked before the first child exists, so that no SIGCHLD is lost.
        np::SignalFd signals{SIGCHLD, SIGHUP, SIGTERM, SIGINT};
        np::ignore_signal(SIGPIPE);  // a client that leaves must not kill inetd
        inetd::Superserver server(options.config_path, *log);
        server.apply(config);
        log->info("started: pid " + std::to_string(getpid()) + ", " + options.config_path);
        startup.ready();
        server.run(signals);
        return 0;
    } catch (const std::exception& e) {
        if (log) log->error(e.what());
        if (!(log && options.debug)) startup.fail(e.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-inetd");
    inetd::InetdOptions options;
    try {
        options = inetd::parse_inetd_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-inetd --help'");
        return 2;
    }
    if (options.help) {
        std::fputs(inetd::inetd_usage().c_str(), stdout);
        return 0;
    }
    // A daemon's working directory is "/": a relative path would stop working on SIGHUP.
    options.config_path = std::filesystem::absolute(options.config_path).lexically_normal();

    // An unreadable file is reported here, on the terminal; bad lines go to the log.
    inetd::InetdConfig config;
    try {
        config = inetd::load_inetd_config(options.config_path);
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }

    daemons::StartupChannel startup;
    if (!options.debug) {
        if (const auto error = daemons::become_daemon(0, &startup)) {
            startup.fail("cannot become a daemon: " + error.message());
            return 1;
        }
    }
    return serve(options, config, startup);
}
