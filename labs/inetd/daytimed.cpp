#include "daytimed.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <vector>

#include "internal_services.hpp"
#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace inetd {

namespace {

constexpr const char* kUsage =
    "usage: np-daytimed [-L SOCKET]\n"
    "A daytime server (RFC 867) for inetd: writes the date to the connection on\n"
    "descriptor 1 and logs the client's address through syslog.\n"
    "  -L SOCKET   log to the syslog socket SOCKET instead of /dev/log\n"
    "  -h, --help  show this help\n"
    "inetd.conf: daytime stream tcp nowait nobody /usr/local/bin/np-daytimed np-daytimed\n";

}  // namespace

DaytimedCommandLine read_daytimed_command_line(int argc, char* argv[]) {
    DaytimedCommandLine command_line;
    bool help = false;
    try {
        const np::OptionSyntax syntax{"h", "L", {{"help", 'h'}}};
        const auto operands =
            np::read_command_line(std::vector<std::string>(argv + 1, argv + argc), syntax,
                                  [&](char letter, std::string_view value) {
                                      if (letter == 'h') help = true;
                                      if (letter == 'L') command_line.log_socket = value;
                                  });
        if (!operands.empty()) throw np::UsageError("unexpected argument '" + operands[0] + "'");
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-daytimed --help'");
        command_line.exit_status = 2;
        return command_line;
    }
    if (help) {
        std::fputs(kUsage, stdout);
        command_line.exit_status = 0;
    }
    return command_line;
}

int answer_daytime(const np::SocketAddress& peer, daemons::SyslogClient& log) {
    const std::string reply = daytime_text(std::time(nullptr));
    if (write(1, reply.data(), reply.size()) != static_cast<ssize_t>(reply.size())) {
        log.error("cannot answer " + peer.to_string());
        return 1;
    }
    log.info("daytime to " + peer.to_string());
    return 0;
}

}  // namespace inetd
