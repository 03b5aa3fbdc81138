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
void only_socket_on_standard_fds(int fd) {
    for (int target = 0; target <= 2; ++target) {
        if (fd != target) dup2(fd, target);  // dup2 clears close-on-exec on the copy
    }
    syscall(SYS_close_range, 3u, UINT_MAX, 0u);
}

}  // namespace

void become_user(const std::string& user, const std::string& group) {
    const passwd* account = getpwnam(user.c_str());
    if (account == nullptr) throw std::runtime_error("unknown user '" + user + "'");
    const uid_t uid = account->pw_uid;
    gid_t gid = account->pw_gid;
    if (!group.empty()) {
        const struct group* entry = getgrnam(group.c_str());
        if (entry == nullptr) throw std::runtime_error("unknown group '" + group + "'");
        gid = entry->gr_gid;
    }
    if (getuid() == uid && geteuid() == uid && getgid() == gid) return;
    np::check(setgid(gid), "setgid");
    np::check(initgroups(user.c_str(), gid), "initgroups");
    np::check(setuid(uid), "setuid");
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
