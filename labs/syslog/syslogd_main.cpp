// np-syslogd: a system logger. Programs send it messages on a Unix datagram socket
// (/dev/log), other hosts over UDP, the kernel through /dev/kmsg; a syslog.conf routes
// each message, by facility and severity, to files, other hosts or standard output.

#include <signal.h>
#include <syslog.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemonize.hpp"
#include "log_server.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"
#include "startup.hpp"
#include "syslog_conf.hpp"
#include "syslogd_options.hpp"

namespace {

// A daemon's working directory is "/": every path it keeps must not depend on ours.
std::string absolute(const std::string& path) {
    return path.empty() ? path : std::filesystem::absolute(path).lexically_normal().string();
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-syslogd");
    syslogd::SyslogdOptions options;
    try {
        options = syslogd::parse_syslogd_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-syslogd --help'");
        return 2;
    }
    if (options.help) {
        std::fputs(syslogd::syslogd_usage().c_str(), stdout);
        return 0;
    }
    if (options.config_path.empty() && !options.foreground)
        options.config_path = syslogd::kDefaultConfig;
    options.config_path = absolute(options.config_path);
    options.socket_path = absolute(options.socket_path);

    // A bad configuration is reported here, on the terminal, before anything detaches.
    std::vector<syslogd::Rule> rules;
    try {
        rules = options.config_path.empty() ? syslogd::stdout_only_rules()
                                            : syslogd::load_syslog_conf(options.config_path);
    } catch (const syslogd::SyslogConfError& e) {
        np::warn(e.what());
        return 1;
    }

    daemons::StartupChannel startup;
    if (!options.foreground) {
        if (const auto error = daemons::become_daemon(0, &startup)) {
            startup.fail("cannot become a daemon: " + error.message());
            return 1;
        }
    }
    try {
        np::ignore_signal(SIGPIPE);
        np::SignalFd signals{SIGHUP, SIGTERM, SIGINT};
        syslogd::LogServer server(options, rules);
        startup.ready();
        server.run(signals);
        return 0;
    } catch (const std::exception& e) {
        startup.fail(e.what());
        return 1;
    }
}
