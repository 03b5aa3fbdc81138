#include "np_syslog.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "log_state.hpp"
#include "timestamp.hpp"

// What you write of np::syslog: the formats, and vsyslog, which decides what to deliver.
// The state, the connection and the delivery are given (log_state.hpp, log_state.cpp).

namespace np {

std::string expand_errno([[maybe_unused]] std::string_view format, [[maybe_unused]] int error) {
    // TODO(student): copy `format`, replacing each "%m" by std::strerror(error), with any
    // '%' in that text doubled (printf reads the result). Keep every other '%' and the
    // character after it as they are: "%%m" is a literal "%m", for printf to make.
    return {};
}

std::string format_local_message([[maybe_unused]] int priority,
                                 [[maybe_unused]] const std::tm& local_time,
                                 [[maybe_unused]] std::string_view ident,
                                 [[maybe_unused]] pid_t pid,
                                 [[maybe_unused]] std::string_view text) {
    // TODO(student): "<PRI>" (priority in decimal), syslogd::format_bsd_timestamp, a
    // space, the ident, "[PID]" unless pid is 0, ": " and the text as it is (no newline
    // added or removed).
    return {};
}

std::string format_stderr_line([[maybe_unused]] std::string_view ident, [[maybe_unused]] pid_t pid,
                               [[maybe_unused]] std::string_view text) {
    // TODO(student): "IDENT[PID]: TEXT" ("IDENT: TEXT" when pid is 0), then a newline
    // unless the text ends with one.
    return {};
}

void vsyslog([[maybe_unused]] int priority, [[maybe_unused]] const char* format,
             [[maybe_unused]] va_list args) {
    // TODO(student): as glibc's, in this order:
    //  - save errno first (anything you call may change it; %m wants the caller's);
    //  - lock the state (std::lock_guard on detail::state().mutex);
    //  - bits outside LOG_PRIMASK | LOG_FACMASK: detail::deliver_locked a complaint
    //    "syslog: unknown facility/priority: %x" at LOG_ERR with the options
    //    LOG_CONS | LOG_PERROR | LOG_PID added, then keep only the valid bits;
    //  - a severity the mask leaves out (LOG_MASK(LOG_PRI(priority)) & mask == 0): return;
    //  - no facility in priority: or in the openlog one;
    //  - the text: detail::vformat(expand_errno(format, saved errno), args);
    //  - detail::deliver_locked(state, priority, options, text); restore errno.
}

}  // namespace np
