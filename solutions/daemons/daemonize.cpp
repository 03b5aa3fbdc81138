#include "daemonize.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "np/check.hpp"
#include "startup.hpp"

namespace daemons {

namespace {

std::error_code last_error() { return {errno, np::errno_category()}; }

// Closes every descriptor but `keep` (-1: none). close_range does it in one system call;
// on kernels before 5.9 we fall back to the traditional loop up to the descriptor limit.
void close_all_except(int keep) {
    auto close_span = [](unsigned first, unsigned last) {
        if (first > last) return;
        if (close_range(first, last, 0) == 0) return;
        long max = sysconf(_SC_OPEN_MAX);
        if (max < 0 || max > INT_MAX) max = 8192;  // indeterminate: take a guess
        for (long fd = first; fd < max && fd <= static_cast<long>(last); ++fd) {
            close(static_cast<int>(fd));  // EBADF for most: only the open ones matter
        }
    };
    if (keep < 0) {
        close_span(0, ~0u);
        return;
    }
    if (keep > 0) close_span(0, static_cast<unsigned>(keep) - 1);
    close_span(static_cast<unsigned>(keep) + 1, ~0u);
}

// 0, 1 and 2 all on /dev/null, whether they were open or not.
std::error_code reopen_standard_fds() {
    const int null = open("/dev/null", O_RDWR);
    if (null == -1) return last_error();
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (null != fd && dup2(null, fd) == -1) return last_error();
    }
    if (null > STDERR_FILENO) close(null);
    return {};
}

}  // namespace

std::error_code become_daemon(unsigned flags, StartupChannel* startup) {
    switch (fork()) {
        case -1:
            return last_error();
        case 0:
            break;  // the child goes on
        default:
            if (startup != nullptr) startup->wait_and_exit();
            _exit(0);  // _exit: no atexit handlers, no stdio buffers flushed twice
    }

    if (startup != nullptr) startup->close_read_end();
    if (setsid() == -1) return last_error();

    switch (fork()) {
        case -1:
            return last_error();
        case 0:
            break;  // the grandchild is the daemon
        default:
            _exit(0);
    }

    if (!(flags & kNoUmask0)) umask(0);
    if (!(flags & kNoChdir) && chdir("/") == -1) return last_error();
    if (!(flags & kNoCloseFiles)) close_all_except(startup ? startup->daemon_end() : -1);
    if (!(flags & kNoReopenStdFds)) {
        if (auto error = reopen_standard_fds()) return error;
    }
    return {};
}

}  // namespace daemons
