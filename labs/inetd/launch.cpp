#include "launch.hpp"

#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <signal.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <exception>
#include <stdexcept>
#include <vector>

#include "internal_services.hpp"
#include "np/check.hpp"

namespace inetd {

namespace {

// inetd blocks the signals it reads through a signalfd, and ignores SIGPIPE: a mask and
// ignored signals survive exec, and a server must not start with them.
void reset_signals() {
    sigset_t none;
    sigemptyset(&none);
    // Cannot fail with these arguments; and a child about to exec has no one to tell.
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGPIPE, SIGHUP, SIGCHLD, SIGTERM, SIGINT}) signal(sig, SIG_DFL);
}

// Puts `fd` on 0, 1 and 2 and closes everything else: the server must not inherit
// inetd's listening sockets (it would keep their ports alive after a reload).
void only_socket_on_standard_fds([[maybe_unused]] int fd) {
    // TODO(student): dup2 fd onto 0, 1 and 2 (unless it is one of them already), then
    // close every descriptor from 3 up (close_range(2) does it in one call).
}

}  // namespace

void become_user([[maybe_unused]] const std::string& user,
                 [[maybe_unused]] const std::string& group) {
    // TODO(student): look up the user (getpwnam) and the group (getgrnam; empty: the
    // user's own); unknown ones throw std::runtime_error. If we are that user and group
    // already, do nothing. Otherwise setgid, initgroups, setuid, in that order, each
    // checked with np::check.
}

void exec_server(const ServiceEntry& service, int socket_fd) {
    reset_signals();
    try {
        become_user(service.user, service.group);
    } catch (const std::exception& e) {
        syslog(LOG_ERR, "%s: %s", service.where.c_str(), e.what());
        _exit(1);
    }
    std::vector<char*> argv;
    for (const std::string& arg : service.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    only_socket_on_standard_fds(socket_fd);
    execv(service.server.c_str(), argv.data());
    syslog(LOG_ERR, "%s: cannot run %s: %s", service.where.c_str(), service.server.c_str(),
           np::errno_text(errno).c_str());
    _exit(127);
}

void run_internal_child(Internal service, int socket_fd) {
    reset_signals();
    signal(SIGPIPE, SIG_IGN);  // chargen stops on EPIPE, quietly
    only_socket_on_standard_fds(socket_fd);
    serve_stream(service, 0);
    _exit(0);
}

}  // namespace inetd
