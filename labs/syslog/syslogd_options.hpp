#pragma once
// np-syslogd's command line: [-n] [-k] [-f CONFIG] [-p SOCKET] [-r [HOST:]PORT].

#include <cstdint>
#include <string>
#include <vector>

namespace syslogd {

struct SyslogdOptions {
    bool help = false;
    bool foreground = false;               // -n
    bool kernel = false;                   // -k: read /dev/kmsg too
    std::string config_path;               // -f; empty: stdout in the foreground, else the default
    std::string socket_path = "/dev/log";  // -p
    bool udp = false;                      // -r given
    std::string udp_host;                  // -r's HOST; empty: every address, IPv4 and IPv6
    std::uint16_t udp_port = 514;          // -r's PORT
};

inline constexpr const char* kDefaultConfig = "/etc/syslog.conf";

// Throws np::UsageError for a bad command line.
SyslogdOptions parse_syslogd_options(const std::vector<std::string>& args);
std::string syslogd_usage();

}  // namespace syslogd
