#include "reaper.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <csignal>

#include "np/signals.hpp"

namespace concurrent {

namespace {

extern "C" void reap_all(int) {
    const int saved = errno;  // the interrupted code may be about to read errno
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    errno = saved;
}

}  // namespace

void reap_children_on_sigchld() {
    // SA_RESTART: the parent's recvfrom resumes instead of failing with EINTR.
    np::on_signal(SIGCHLD, reap_all, true);
}

}  // namespace concurrent
