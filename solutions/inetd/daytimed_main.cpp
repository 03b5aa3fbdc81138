// np-daytimed: a daytime server (RFC 867) written to be started by inetd. It opens no
// socket: inetd hands it the connection on descriptors 0, 1 and 2, and it learns who is
// at the other end with getpeername on descriptor 0.

#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "internal_services.hpp"
#include "np/address.hpp"
#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "syslog_client.hpp"

namespace {

constexpr const char* kUsage =
    "usage: np-daytimed [-L SOCKET]\n"
    "A daytime server (RFC 867) for inetd: writes the date to the connection on\n"
    "descriptor 1 and logs the client's address through syslog.\n"
    "  -L SOCKET   log to the syslog socket SOCKET instead of /dev/log\n"
    "  -h, --help  show this help\n"
    "inetd.conf: daytime stream tcp nowait nobody /usr/local/bin/np-daytimed np-daytimed\n";

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-daytimed");
    std::string log_socket;
    bool help = false;
    try {
        const np::OptionSyntax syntax{"h", "L", {{"help", 'h'}}};
        const auto operands =
            np::read_command_line(std::vector<std::string>(argv + 1, argv + argc), syntax,
                                  [&](char letter, std::string_view value) {
                                      if (letter == 'h') help = true;
                                      if (letter == 'L') log_socket = value;
                                  });
        if (!operands.empty()) throw np::UsageError("unexpected argument '" + operands[0] + "'");
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-daytimed --help'");
        return 2;
    }
    if (help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    // stderr is the client's connection too: messages go to syslog only.
    daemons::SyslogClient log(np::program_name(), LOG_DAEMON, log_socket, false);
    np::SocketAddress peer;
    if (getpeername(0, peer.data(), peer.size_ptr()) == -1) {
        log.error("descriptor 0 is not a connected socket: run me from inetd");
        if (isatty(2)) np::warn("descriptor 0 is not a connected socket: run me from inetd");
        return 1;
    }
    const std::string reply = inetd::daytime_text(std::time(nullptr));
    if (write(1, reply.data(), reply.size()) != static_cast<ssize_t>(reply.size())) {
        log.error("cannot answer " + peer.to_string());
        return 1;
    }
    log.info("daytime to " + peer.to_string());
    return 0;
}
