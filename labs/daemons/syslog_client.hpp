#pragma once
// Logging the way daemons do: through syslog(3), or, given the path of a syslog socket,
// by writing to it the very datagrams glibc's syslog() writes to /dev/log:
//
//   <30>Nov  5 14:08:16 np-daemond[4242]: started on port 7007
//
// "<PRI>" is facility * 8 + severity (LOG_DAEMON | LOG_INFO = 3 * 8 + 6 = 30), then the
// local time as "Mmm dd hh:mm:ss" (English month, day padded with a space), the ident,
// the pid in brackets, ": " and the message: no hostname, no newline. util-linux
// `logger -u SOCKET` sends the same.

#include <sys/types.h>

#include <ctime>
#include <string>
#include <string_view>

#include "np/fd.hpp"

namespace daemons {

// One datagram in glibc's local syslog format. `priority` is facility | severity as
// <syslog.h> defines them (LOG_DAEMON | LOG_ERR); `local_time` the time to show.
std::string format_syslog_message(int priority, const std::tm& local_time, std::string_view ident,
                                  pid_t pid, std::string_view message);

class SyslogClient {
public:
    // socket_path empty: openlog(ident, LOG_PID, facility), then syslog(3) for each message,
    // which goes to /dev/log. Otherwise each message is sent to the Unix datagram socket
    // at socket_path, formatted as above. to_stderr: also write "ident[pid]: message" on
    // stderr, as LOG_PERROR does (for the foreground, where stderr goes to a journal).
    SyslogClient(std::string ident, int facility, std::string socket_path, bool to_stderr);
    ~SyslogClient();
    // syslog(3) keeps a pointer to the ident: this object must not move.
    SyslogClient(const SyslogClient&) = delete;
    SyslogClient& operator=(const SyslogClient&) = delete;

    // Logs `message` with `severity` (LOG_INFO, LOG_ERR, ...) and our facility. Never
    // fails and never blocks: a message that cannot be delivered is dropped, as syslog(3)
    // drops it when nobody listens.
    void log(int severity, std::string_view message);
    void info(std::string_view message);
    void error(std::string_view message);

private:
    // Without a socket_path, messages go through syslog(3): open_system_log at the start,
    // log_to_system for each message.
    void open_system_log();
    void log_to_system(int severity, std::string_view message);
    void send_datagram(const std::string& datagram);

    std::string ident_;
    int facility_;
    std::string socket_path_;
    bool to_stderr_;
    np::Fd socket_;  // only with socket_path
};

}  // namespace daemons
