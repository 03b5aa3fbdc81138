#include "log_state.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "np_syslog.hpp"

// The given half of np::syslog: its state, the connection to the daemon, delivering a
// message, and the calls that only set the state (openlog, closelog, setlogmask,
// set_log_socket). What you write (vsyslog and the formats) is in np_syslog.cpp.

namespace np {

namespace detail {

namespace {

constexpr const char* kConsole = "/dev/console";

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

}  // namespace

LogState& state() {
    static LogState instance;
    return instance;
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

}  // namespace detail

void openlog(const char* ident, int option, int facility) {
    detail::LogState& s = detail::state();
    std::lock_guard lock(s.mutex);
    if (ident != nullptr) s.ident = ident;
    s.options = option;
    if ((facility & ~LOG_FACMASK) == 0) s.facility = facility;
    if (option & LOG_NDELAY) detail::connect_locked(s);
}

void syslog(int priority, const char* format, ...) {
    va_list args;
    va_start(args, format);
    np::vsyslog(priority, format, args);
    va_end(args);
}

void closelog() {
    detail::LogState& s = detail::state();
    std::lock_guard lock(s.mutex);
    s.socket.reset();
    s.ident.clear();
}

int setlogmask(int mask) {
    detail::LogState& s = detail::state();
    std::lock_guard lock(s.mutex);
    const int previous = s.mask;
    if (mask != 0) s.mask = mask;
    return previous;
}

void set_log_socket(std::string path) {
    detail::LogState& s = detail::state();
    std::lock_guard lock(s.mutex);
    s.socket_path = std::move(path);
    s.socket.reset();
}

}  // namespace np
