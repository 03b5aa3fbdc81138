#include "np/signals.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "np/check.hpp"

namespace np {

SignalFd::SignalFd(std::initializer_list<int> signals) {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : signals) check(sigaddset(&set, sig), "sigaddset");
    // A signal must be blocked, or its default action runs before the signalfd sees it.
    if (int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
        throw_errno("pthread_sigmask", rc);
    }
    fd_.reset(check(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC), "signalfd"));
}

std::optional<int> SignalFd::read() {
    signalfd_siginfo info;
    ssize_t n = ::read(fd_.get(), &info, sizeof(info));
    if (n == -1 && (errno == EAGAIN || errno == EINTR)) return std::nullopt;
    check(n, "read signalfd");
    return static_cast<int>(info.ssi_signo);
}

void on_signal(int sig, void (*handler)(int), bool restart) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    check(sigaction(sig, &action, nullptr), "sigaction");
}

void ignore_signal(int sig) { on_signal(sig, SIG_IGN); }

}  // namespace np
