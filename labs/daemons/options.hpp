#pragma once
// The command line of np-daemond.

#include <string>
#include <string_view>
#include <vector>

namespace daemons {

struct Options {
    std::string config_path;  // -f: the configuration file
    std::string pid_file;     // -P: the PID file
    bool foreground = false;  // -n, --foreground: do not become a daemon
    std::string log_socket;   // -L: a syslog socket instead of syslog(3) and /dev/log
    unsigned skip = 0;        // --skip: become_daemon's flags (DaemonFlags)
    bool help = false;        // -h, --help
};

// Parses the arguments after the program name: "-f FILE", "-fFILE", "--skip=a,b",
// "--skip a,b", clusters like "-nf FILE". Throws np::UsageError with a one-line message
// for anything wrong, including a missing -f or -P.
Options parse_options(const std::vector<std::string>& args);

// "chdir,umask" -> kNoChdir | kNoUmask0. Steps: chdir, close, reopen, umask.
// Throws np::UsageError for an unknown step.
unsigned parse_skip_list(std::string_view list);

// The text of --help.
std::string usage_text();

}  // namespace daemons
