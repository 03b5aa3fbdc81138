#pragma once
// np::syslog's state, shared by the given half of the client (log_state.cpp: openlog,
// closelog, setlogmask, the connection to the daemon, delivering a message) and vsyslog
// (np_syslog.cpp), which decides what to deliver. Internal to this lab: not part of the
// np_syslog.hpp API.

#include <syslog.h>

#include <cstdarg>
#include <mutex>
#include <string>

#include "np/fd.hpp"

namespace np::detail {

// What openlog sets, shared by every thread (syslog(3) is thread-safe: so is this).
struct LogState {
    std::mutex mutex;
    std::string ident;  // empty: not set, the program's name is used
    int options = 0;
    int facility = LOG_USER;
    int mask = 0xff;
    std::string socket_path = "/dev/log";
    Fd socket;  // connected to socket_path when valid
};

// The one state of the process.
LogState& state();

// printf's formatting into a string.
std::string vformat(const std::string& format, va_list args);

// One message, all decided: to stderr (LOG_PERROR), to the socket, else to the console
// (LOG_CONS). The caller holds s.mutex.
void deliver_locked(LogState& s, int priority, int options, const std::string& text);

}  // namespace np::detail
