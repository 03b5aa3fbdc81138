// The child's way from fork to the server: signals back to their defaults, the service's
// user, the socket on descriptors 0, 1 and 2, then exec (or, for an internal service,
// serving the connection in this very process).

#include <signal.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <vector>

#include "internal_services.hpp"
#include "launch.hpp"
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

}  // namespace

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
