#pragma once
// np-daytimed: its command line, np-daytimed [-L SOCKET], and its answer are given
// (daytimed.cpp, daytimed_main.cpp); who the client is, the student finds out
// (daytimed_peer.cpp).

#include <optional>
#include <string>

#include "np/address.hpp"
#include "syslog_client.hpp"

namespace inetd {

struct DaytimedCommandLine {
    std::string log_socket;  // -L: the syslog socket; empty for /dev/log
    // Set when main is to return at once: 0 after --help (the usage is printed), 2 after
    // a mistake (said on stderr).
    std::optional<int> exit_status;
};

DaytimedCommandLine read_daytimed_command_line(int argc, char* argv[]);

// Writes the date (RFC 867) on descriptor 1, the connection, and logs it with the peer's
// address. Returns main's exit status: 1 when the answer could not be written.
int answer_daytime(const np::SocketAddress& peer, daemons::SyslogClient& log);

// Who is at the other end of the connection inetd handed over as descriptor 0. When
// descriptor 0 is no connected socket (np-daytimed was not started by inetd), says so in
// the log, and on stderr as well when that is a terminal, and returns nullopt.
std::optional<np::SocketAddress> inetd_peer(daemons::SyslogClient& log);

}  // namespace inetd
