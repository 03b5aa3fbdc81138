#include "pidfile_lock.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "np/check.hpp"
#include "pidfile.hpp"

namespace daemons {

namespace {

std::string already_running_message(const std::string& path, pid_t holder) {
    std::string message = path + ": already running";
    if (holder > 0) message += " as pid " + std::to_string(holder);
    return message;
}

}  // namespace

AlreadyRunning::AlreadyRunning(const std::string& path, pid_t holder)
    : std::runtime_error(already_running_message(path, holder)), holder_(holder) {}

pid_t lock_holder(int fd) {
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK && lock.l_pid > 0) {
        return lock.l_pid;
    }
    char text[32] = {};
    if (pread(fd, text, sizeof text - 1, 0) <= 0) return 0;
    const long pid = std::strtol(text, nullptr, 10);
    return pid > 0 && pid <= INT_MAX ? static_cast<pid_t>(pid) : 0;
}

bool is_current(int fd, const std::string& path) {
    struct stat opened {
    }, named{};
    np::check(fstat(fd, &opened), "fstat " + path);
    if (stat(path.c_str(), &named) == -1) {
        if (errno == ENOENT) return false;
        np::throw_errno("stat " + path);
    }
    return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace daemons
