#include "pidfile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "np/check.hpp"

namespace daemons {

namespace {

std::string already_running_message(const std::string& path, pid_t holder) {
    std::string message = path + ": already running";
    if (holder > 0) message += " as pid " + std::to_string(holder);
    return message;
}

// The pid of the process holding the lock: the kernel tells for an fcntl lock (F_GETLK);
// for other kinds of lock, the pid the holder wrote in the file. 0 when neither tells.
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

// Whether `fd` is still the file found at `path` (and not one unlinked in the meantime).
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

}  // namespace

AlreadyRunning::AlreadyRunning(const std::string& path, pid_t holder)
    : std::runtime_error(already_running_message(path, holder)), holder_(holder) {}

PidFile::PidFile(std::string path) : path_(std::move(path)) {
    for (;;) {
        np::Fd fd(
            np::check(open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644), "open " + path_));
        struct flock lock {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;  // l_start 0, l_len 0: the whole file, however long
        if (fcntl(fd.get(), F_SETLK, &lock) == -1) {
            if (errno == EACCES || errno == EAGAIN) {
                throw AlreadyRunning(path_, lock_holder(fd.get()));
            }
            np::throw_errno("lock " + path_);
        }
        if (!is_current(fd.get(), path_)) continue;  // locked a file just unlinked: again

        // Ours now: only now may the old contents go.
        np::check(ftruncate(fd.get(), 0), "truncate " + path_);
        const std::string line = std::to_string(getpid()) + "\n";
        const ssize_t n =
            np::check(pwrite(fd.get(), line.data(), line.size(), 0), "write " + path_);
        if (static_cast<std::size_t>(n) != line.size()) {
            errno = ENOSPC;
            np::throw_errno("write " + path_);
        }
        fd_ = std::move(fd);
        return;
    }
}

PidFile::~PidFile() { remove(); }

void PidFile::remove() noexcept {
    if (!fd_) return;
    unlink(path_.c_str());  // best effort: called from the destructor, at exit
    fd_.reset();
}

}  // namespace daemons
