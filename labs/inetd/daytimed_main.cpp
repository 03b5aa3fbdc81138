// np-daytimed: a daytime server (RFC 867) written to be started by inetd. It opens no
// socket: inetd hands it the connection on descriptors 0, 1 and 2, and it learns who is
// at the other end with getpeername on descriptor 0 (inetd_peer, daytimed_peer.cpp).

#include <syslog.h>

#include "daytimed.hpp"
#include "np/log.hpp"
#include "syslog_client.hpp"

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-daytimed");
    const inetd::DaytimedCommandLine command_line = inetd::read_daytimed_command_line(argc, argv);
    if (command_line.exit_status) return *command_line.exit_status;
    // stderr is the client's connection too: messages go to syslog only.
    daemons::SyslogClient log(np::program_name(), LOG_DAEMON, command_line.log_socket, false);
    const std::optional<np::SocketAddress> peer = inetd::inetd_peer(log);
    if (!peer) return 1;
    return inetd::answer_daytime(*peer, log);
}
