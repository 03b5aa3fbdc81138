#include "syslog_client.hpp"

#include <syslog.h>

#include <cstdio>

namespace daemons {

namespace {

// glibc formats the time in the C locale, whatever the user's: English month names.
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string format_syslog_message(int priority, const std::tm& local_time, std::string_view ident,
                                  pid_t pid, std::string_view message) {
    const int month = local_time.tm_mon >= 0 && local_time.tm_mon < 12 ? local_time.tm_mon : 0;
    char stamp[32];
    // "%h %e %T": "Nov  5 14:08:16"
    std::snprintf(stamp, sizeof stamp, "%s %2d %02d:%02d:%02d", kMonths[month], local_time.tm_mday,
                  local_time.tm_hour, local_time.tm_min, local_time.tm_sec);
    std::string datagram = "<" + std::to_string(priority) + ">" + stamp + " ";
    datagram += ident;
    datagram += "[" + std::to_string(pid) + "]: ";
    datagram += message;
    return datagram;
}

void SyslogClient::open_system_log() {
    // LOG_PID: the pid in each message. LOG_NDELAY: connect to /dev/log now, while we
    // know all is well, rather than at the first message.
    openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, facility_);
}

void SyslogClient::log_to_system(int severity, std::string_view message) {
    // Never pass a message as the format: a '%' in it would read arguments that are
    // not there.
    syslog(facility_ | severity, "%.*s", static_cast<int>(message.size()), message.data());
}

}  // namespace daemons
