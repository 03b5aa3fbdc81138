#include "inetd_options.hpp"

#include "np/command_line.hpp"
#include "np/error.hpp"

namespace inetd {

InetdOptions parse_inetd_options(const std::vector<std::string>& args) {
    InetdOptions options;
    const np::OptionSyntax syntax{"dh", "", {{"help", 'h'}, {"debug", 'd'}}};
    const auto operands = np::read_command_line(args, syntax, [&](char letter, std::string_view) {
        if (letter == 'd') options.debug = true;
        if (letter == 'h') options.help = true;
    });
    if (operands.size() > 1) throw np::UsageError("one configuration file at most");
    if (!operands.empty()) options.config_path = operands.front();
    return options;
}

std::string inetd_usage() {
    return "usage: np-inetd [-d] [CONFIG]\n"
           "The Internet super-server: listens on the ports of the services in CONFIG\n"
           "(default /etc/inetd.conf, in inetd.conf syntax) and starts each service's server\n"
           "on demand, with the connection on descriptors 0, 1 and 2.\n"
           "  -d, --debug   stay in the foreground and log to stderr as well as to syslog\n"
           "  -h, --help    show this help\n"
           "Signals: SIGHUP re-reads CONFIG; SIGTERM and SIGINT stop.\n";
}

}  // namespace inetd
