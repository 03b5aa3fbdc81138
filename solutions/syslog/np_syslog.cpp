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

std::string expand_errno(std::string_view format, int error) {
    std::string expanded;
    expanded.reserve(format.size());
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            expanded += format[i];
        } else if (format[i + 1] == 'm') {
            // strerror's text goes through printf afterwards: its '%' must stay literal.
            for (const char c : std::string_view(std::strerror(error))) {
                expanded += c;
                if (c == '%') expanded += '%';
            }
            ++i;
        } else {
            expanded += format[i];
            expanded += format[i + 1];  // "%%" (and any other conversion) kept whole
            ++i;
        }
    }
    return expanded;
}

std::string format_local_message(int priority, const std::tm& local_time, std::string_view ident,
                                 pid_t pid, std::string_view text) {
    std::string datagram = "<" + std::to_string(priority) + ">";
    datagram += syslogd::format_bsd_timestamp(local_time);
    datagram += ' ';
    datagram += ident;
    if (pid != 0) datagram += "[" + std::to_string(pid) + "]";
    datagram += ": ";
    datagram += text;
    return datagram;
}

std::string format_stderr_line(std::string_view ident, pid_t pid, std::string_view text) {
    std::string line(ident);
    if (pid != 0) line += "[" + std::to_string(pid) + "]";
    line += ": ";
    line += text;
    if (text.empty() || text.back() != '\n') line += '\n';
    return line;
}

void vsyslog(int priority, const char* format, va_list args) {
    const int saved_errno = errno;
    detail::LogState& s = detail::state();
    std::lock_guard lock(s.mutex);
    if (priority & ~(LOG_PRIMASK | LOG_FACMASK)) {
        // As glibc: complain (at LOG_ERR, on stderr and the console too), then go on with
        // the bits that make sense.
        char complaint[64];
        std::snprintf(complaint, sizeof complaint, "syslog: unknown facility/priority: %x",
                      static_cast<unsigned>(priority));
        detail::deliver_locked(s, LOG_ERR | s.facility, s.options | LOG_CONS | LOG_PERROR | LOG_PID,
                               complaint);
        priority &= LOG_PRIMASK | LOG_FACMASK;
    }
    if ((LOG_MASK(LOG_PRI(priority)) & s.mask) == 0) return;
    if ((priority & LOG_FACMASK) == 0) priority |= s.facility;
    const std::string text = detail::vformat(expand_errno(format, saved_errno), args);
    detail::deliver_locked(s, priority, s.options, text);
    errno = saved_errno;
}

}  // namespace np
