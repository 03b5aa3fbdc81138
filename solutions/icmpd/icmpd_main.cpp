// np-icmpd: passes the ICMP errors about UDP datagrams to the programs that sent them.

#include <signal.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "command_lines.hpp"
#include "daemonize.hpp"
#include "icmpd_server.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"
#include "startup.hpp"

namespace {

void serve(const std::string& socket_path, daemons::StartupChannel* startup) {
    np::SignalFd signals({SIGTERM, SIGINT, SIGHUP});
    np::ignore_signal(SIGPIPE);
    icmpd::Server server(socket_path);
    if (startup != nullptr) startup->ready();
    server.serve(signals.fd());
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-icmpd");
    icmpd::DaemonOptions options;
    try {
        options = icmpd::parse_daemon_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        return 2;
    }
    if (options.help) {
        std::fputs(icmpd::daemon_usage_text().c_str(), stdout);
        return 0;
    }
    np::set_verbose(options.verbose);

    if (options.foreground) {
        try {
            serve(options.socket_path, nullptr);
            return 0;
        } catch (const std::exception& e) {
            np::warn(e.what());
            return 1;
        }
    }

    // A daemon works in "/": its socket path must not depend on where it was started.
    std::string path;
    try {
        path = std::filesystem::absolute(options.socket_path).string();
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
    daemons::StartupChannel startup;
    if (const std::error_code error = daemons::become_daemon(0, &startup)) {
        startup.fail("cannot become a daemon: " + error.message());
        return 1;
    }
    try {
        serve(path, &startup);  // tells the command that started us once it listens
    } catch (const std::exception& e) {
        startup.fail(e.what());
        return 1;
    }
    return 0;
}
