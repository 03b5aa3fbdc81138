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

[[maybe_unused]] std::string vformat(const std::string& format, va_list args) {
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
[[maybe_unused]] void deliver_locked(LogState& s, int priority, int options,
                                     const std::string& text) {
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

void openlog(const char* ident, int option, int facility) {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    if (ident != nullptr) s.ident = ident;
    s.options = option;
    if ((facility & ~LOG_FACMASK) == 0) s.facility = facility;
    if (option & LOG_NDELAY) connect_locked(s);
}

void vsyslog([[maybe_unused]] int priority, [[maybe_unused]] const char* format,
             [[maybe_unused]] va_list args) {
    // TODO(student): as glibc's, in this order:
    //  - save errno first (anything you call may change it; %m wants the caller's);
    //  - lock the state (std::lock_guard on state().mutex);
    //  - bits outside LOG_PRIMASK | LOG_FACMASK: deliver_locked a complaint
    //    "syslog: unknown facility/priority: %x" at LOG_ERR with the options
    //    LOG_CONS | LOG_PERROR | LOG_PID added, then keep only the valid bits;
    //  - a severity the mask leaves out (LOG_MASK(LOG_PRI(priority)) & mask == 0): return;
    //  - no facility in priority: or in the openlog one;
    //  - the text: vformat(expand_errno(format, saved errno), args);
    //  - deliver_locked(state, priority, options, text); restore errno.
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
