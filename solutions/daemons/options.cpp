#include "options.hpp"

#include <sys/un.h>

#include "daemonize.hpp"
#include "np/command_line.hpp"
#include "np/error.hpp"

namespace daemons {

namespace {

constexpr std::string_view kTakesValue = "fPL";

void apply_value(Options& options, char option, std::string_view value) {
    if (value.empty()) throw np::UsageError(std::string("empty argument for -") + option);
    switch (option) {
        case 'f':
            options.config_path = value;
            break;
        case 'P':
            options.pid_file = value;
            break;
        case 'L':
            // The path must fit a sockaddr_un, with its terminating NUL.
            if (value.size() >= sizeof(sockaddr_un{}.sun_path)) {
                throw np::UsageError("log socket path too long: '" + std::string(value) + "'");
            }
            options.log_socket = value;
            break;
    }
}

}  // namespace

unsigned parse_skip_list(std::string_view list) {
    unsigned flags = 0;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view step = list.substr(0, comma);
        if (step == "chdir") {
            flags |= kNoChdir;
        } else if (step == "close") {
            flags |= kNoCloseFiles;
        } else if (step == "reopen") {
            flags |= kNoReopenStdFds;
        } else if (step == "umask") {
            flags |= kNoUmask0;
        } else {
            throw np::UsageError("unknown step for --skip: '" + std::string(step) +
                                 "' (chdir, close, reopen, umask)");
        }
        if (comma == std::string_view::npos) return flags;
        list.remove_prefix(comma + 1);
    }
}

Options parse_options(const std::vector<std::string>& args) {
    Options options;
    const np::OptionSyntax syntax{
        "hn", kTakesValue, {{"help", 'h'}, {"foreground", 'n'}, {"skip", 's', true}}};
    const std::vector<std::string> operands =
        np::read_command_line(args, syntax, [&](char option, std::string_view value) {
            switch (option) {
                case 'h':
                    options.help = true;
                    break;
                case 'n':
                    options.foreground = true;
                    break;
                case 's':  // --skip only: no short form, it is for exploring
                    options.skip |= parse_skip_list(value);
                    break;
                default:
                    apply_value(options, option, value);
            }
        });
    if (!operands.empty()) throw np::UsageError("unexpected argument '" + operands.front() + "'");
    if (options.help) return options;
    if (options.config_path.empty()) throw np::UsageError("a configuration file is required (-f)");
    if (options.pid_file.empty()) throw np::UsageError("a PID file is required (-P)");
    return options;
}

std::string usage_text() {
    return "Usage: np-daemond -f CONFIG -P PIDFILE [-n] [-L SOCKET]\n"
           "\n"
           "A small UDP daemon: answers every datagram on the configured port with the\n"
           "configured text. CONFIG holds 'port N' and 'reply TEXT' lines ('#' starts a\n"
           "comment line). SIGHUP re-reads CONFIG; SIGTERM and SIGINT stop the daemon.\n"
           "\n"
           "Options:\n"
           "  -f CONFIG          the configuration file\n"
           "  -P PIDFILE         the PID file, written and locked while the daemon runs\n"
           "  -n, --foreground   stay in the foreground (for systemd Type=simple and the\n"
           "                     like); messages are also written to stderr\n"
           "  -L SOCKET          log to this Unix datagram socket in syslog's format\n"
           "                     instead of through syslog(3) to /dev/log\n"
           "  --skip STEP,...    for exploring how a process becomes a daemon: leave out\n"
           "                     these steps: chdir (stay in the working directory),\n"
           "                     close (keep inherited descriptors), reopen (leave 0, 1, 2\n"
           "                     as they are), umask (keep the umask)\n"
           "  -h, --help         print this help and exit\n"
           "\n"
           "Exit status: 0 once the daemon runs (after a clean stop in the foreground);\n"
           "1 if it cannot start (bad configuration, already running, port in use);\n"
           "2 for a bad command line.\n";
}

}  // namespace daemons
