#include "syslog_client.hpp"

#include <syslog.h>

#include <cstdio>

namespace daemons {

namespace {

// glibc formats the time in the C locale, whatever the user's: English month names.
[[maybe_unused]] constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

// Milestone 4: logging.

std::string format_syslog_message([[maybe_unused]] int priority,
                                  [[maybe_unused]] const std::tm& local_time,
                                  [[maybe_unused]] std::string_view ident,
                                  [[maybe_unused]] pid_t pid,
                                  [[maybe_unused]] std::string_view message) {
    // TODO(student): "<PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG", PRI = priority in decimal; the
    // month from kMonths, the day padded to two characters with a space ("Nov  5"), hours,
    // minutes and seconds with two digits each. No newline at the end.
    return "";
}

void SyslogClient::open_system_log() {
    // TODO(student): openlog with our ident, the pid in every message (LOG_PID), a
    // connection made now (LOG_NDELAY), and our facility.
}

void SyslogClient::log_to_system([[maybe_unused]] int severity,
                                 [[maybe_unused]] std::string_view message) {
    // TODO(student): syslog(3) with our facility and `severity`. Never pass the message
    // as the format string: a '%' in it would read arguments that are not there.
}

}  // namespace daemons
