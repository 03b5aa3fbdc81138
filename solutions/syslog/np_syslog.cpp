#include "np_syslog.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "np/fd.hpp"
#include "timestamp.hpp"

namespace np {

namespace {

constexpr const char* kConsole = "/dev/console";

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

LogState& state() {
    static LogState instance;
    return instance;
}

void write_all_to(int fd, std::string_view data) {
    // One write: lines of several processes do not mix. A failure has nowhere to go.
    [[maybe_unused]] ssize_t n = write(fd, data.data(), data.size());
}

void connect_locked(LogState& s) {
    if (s.socket) return;
    Fd fd(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd) return;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (s.socket_path.size() >= sizeof address.sun_path) return;
    std::memcpy(address.sun_path, s.socket_path.c_str(), s.socket_path.size() + 1);
    // Connected: the kernel checks the path once, and send() reports a daemon that is gone.
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) return;
    s.socket = std::move(fd);
}

bool send_locked(LogState& s, const std::string& datagram) {
    connect_locked(s);
    // Blocking, as glibc's: a full queue at the daemon makes us wait, not drop.
    return s.socket && send(s.socket.get(), datagram.data(), datagram.size(), MSG_NOSIGNAL) >= 0;
}

std::string vformat(const std::string& format, va_list args) {
    va_list copy;
    va_copy(copy, args);
    const int length = std::vsnprintf(nullptr, 0, format.c_str(), copy);
    va_end(copy);
    if (length <= 0) return {};
    std::string text(static_cast<std::size_t>(length) + 1, '\0');
    std::vsnprintf(text.data(), text.size(), format.c_str(), args);
    text.resize(static_cast<std::size_t>(length));
    return text;
}

// One message, all decided: to stderr (LOG_PERROR), to the socket, else to the console.
void deliver_locked(LogState& s, int priority, int options, const std::string& text) {
    const std::string ident = s.ident.empty() ? program_invocation_short_name : s.ident;
    const pid_t pid = (options & LOG_PID) ? getpid() : 0;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const std::string datagram = format_local_message(priority, local, ident, pid, text);

    if (options & LOG_PERROR) write_all_to(STDERR_FILENO, format_stderr_line(ident, pid, text));
    if (send_locked(s, datagram)) return;
    // The daemon may have restarted: its socket is a new one. Connect again, once.
    s.socket.reset();
    if (send_locked(s, datagram)) return;
    s.socket.reset();
    if (options & LOG_CONS) {
        Fd console(open(kConsole, O_WRONLY | O_NOCTTY | O_CLOEXEC));
        if (console) {
            std::string line = format_stderr_line(ident, pid, text);
            if (!line.empty() && line.back() == '\n') line.pop_back();
            write_all_to(console.get(), line + "\r\n");
        }
    }
}

}  // namespace

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

void openlog(const char* ident, int option, int facility) {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    if (ident != nullptr) s.ident = ident;
    s.options = option;
    if ((facility & ~LOG_FACMASK) == 0) s.facility = facility;
    if (option & LOG_NDELAY) connect_locked(s);
}

void vsyslog(int priority, const char* format, va_list args) {
    const int saved_errno = errno;
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    if (priority & ~(LOG_PRIMASK | LOG_FACMASK)) {
        // As glibc: complain (at LOG_ERR, on stderr and the console too), then go on with
        // the bits that make sense.
        char complaint[64];
        std::snprintf(complaint, sizeof complaint, "syslog: unknown facility/priority: %x",
                      static_cast<unsigned>(priority));
        deliver_locked(s, LOG_ERR | s.facility, s.options | LOG_CONS | LOG_PERROR | LOG_PID,
                       complaint);
        priority &= LOG_PRIMASK | LOG_FACMASK;
    }
    if ((LOG_MASK(LOG_PRI(priority)) & s.mask) == 0) return;
    if ((priority & LOG_FACMASK) == 0) priority |= s.facility;
    const std::string text = vformat(expand_errno(format, saved_errno), args);
    deliver_locked(s, priority, s.options, text);
    errno = saved_errno;
}

void syslog(int priority, const char* format, ...) {
    va_list args;
    va_start(args, format);
    np::vsyslog(priority, format, args);
    va_end(args);
}

void closelog() {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    s.socket.reset();
    s.ident.clear();
}

int setlogmask(int mask) {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    const int previous = s.mask;
    if (mask != 0) s.mask = mask;
    return previous;
}

void set_log_socket(std::string path) {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    s.socket_path = std::move(path);
    s.socket.reset();
}

}  // namespace np
