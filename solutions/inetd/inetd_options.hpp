#pragma once
// np-inetd's command line, openbsd-inetd's: np-inetd [-d] [CONFIG]

#include <string>
#include <vector>

namespace inetd {

inline constexpr const char* kDefaultConfig = "/etc/inetd.conf";

struct InetdOptions {
    bool debug = false;  // -d: stay in the foreground, log to stderr as well
    bool help = false;
    std::string config_path = kDefaultConfig;
};

// args: argv without the program name. Throws np::UsageError.
InetdOptions parse_inetd_options(const std::vector<std::string>& args);

std::string inetd_usage();

}  // namespace inetd
