#include "launch.hpp"

#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <stdexcept>

#include "np/check.hpp"

namespace inetd {

void only_socket_on_standard_fds(int fd) {
    for (int target = 0; target <= 2; ++target) {
        if (fd != target) dup2(fd, target);  // dup2 clears close-on-exec on the copy
    }
    syscall(SYS_close_range, 3u, UINT_MAX, 0u);
}

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

}  // namespace inetd
