// np-daemond: a small UDP daemon built the way daemons are built: it detaches itself,
// holds a locked PID file, logs through syslog, re-reads its configuration on SIGHUP
// and stops cleanly on SIGTERM.

#include <signal.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "daemonize.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"
#include "options.hpp"
#include "pidfile.hpp"
#include "service.hpp"
#include "startup.hpp"
#include "syslog_client.hpp"

namespace {

// A daemon's working directory is "/": every path it keeps must not depend on ours.
std::string absolute(const std::string& path) {
    return path.empty() ? path : std::filesystem::absolute(path).lexically_normal().string();
}

// Everything after become_daemon, in the daemon (or in the foreground process). Failures
// go to the process that started us through `startup`, and to the log once it exists.
int serve(const daemons::Options& options, daemons::Config config,
          daemons::StartupChannel& startup) {
    std::optional<daemons::SyslogClient> log;
    try {
        log.emplace(np::program_name(), LOG_DAEMON, options.log_socket, options.foreground);
        // Before the PID file exists, so that a SIGTERM sent to the pid in it finds the
        // signal blocked and handled, never the default action.
        np::SignalFd signals{SIGHUP, SIGTERM, SIGINT};
        daemons::PidFile pid_file(options.pid_file);
        daemons::Service service(options.config_path, std::move(config), *log);
        log->info("started: pid " + std::to_string(getpid()) + ", port " +
                  std::to_string(service.config().port));
        startup.ready();
        service.run(signals);
        pid_file.remove();
        return 0;
    } catch (const std::exception& e) {
        if (log) log->error(e.what());
        // In the foreground the log echoes to stderr already: say it once.
        if (!(log && options.foreground)) startup.fail(e.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-daemond");
    daemons::Options options;
    try {
        options = daemons::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-daemond --help'");
        return 2;
    }
    if (options.help) {
        std::fputs(daemons::usage_text().c_str(), stdout);
        return 0;
    }
    options.config_path = absolute(options.config_path);
    options.pid_file = absolute(options.pid_file);
    options.log_socket = absolute(options.log_socket);

    // A bad configuration is reported here, on the terminal, before anything detaches.
    daemons::Config config;
    try {
        config = daemons::load_config(options.config_path);
    } catch (const daemons::ConfigError& e) {
        np::warn(e.what());
        return 1;
    }

    daemons::StartupChannel startup;
    if (!options.foreground) {
        if (const auto error = daemons::become_daemon(options.skip, &startup)) {
            startup.fail("cannot become a daemon: " + error.message());
            return 1;
        }
    }
    return serve(options, std::move(config), startup);
}
