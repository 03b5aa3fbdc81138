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

// Given: the pid of the process holding the lock: the kernel tells for an fcntl lock
// (F_GETLK); for other kinds of lock, the pid the holder wrote in the file. 0 when
// neither tells.
[[maybe_unused]] pid_t lock_holder(int fd) {
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

// Given: whether `fd` is still the file found at `path` (and not one unlinked in the
// meantime by an instance that was stopping).
[[maybe_unused]] bool is_current(int fd, const std::string& path) {
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

// Milestone 2: the PID file.

PidFile::PidFile(std::string path) : path_(std::move(path)) {
    // TODO(student): open path_ (O_RDWR | O_CREAT | O_CLOEXEC, mode 0644) into an np::Fd;
    // take a write lock on the whole file without waiting (fcntl F_SETLK with F_WRLCK);
    // if another process holds it (EACCES or EAGAIN) throw AlreadyRunning(path_,
    // lock_holder(fd)). If !is_current(fd, path_), start again. Only then ftruncate to 0
    // and write getpid() and "\n" in one write. Keep the descriptor in fd_: closing it
    // would release the lock.
}

PidFile::~PidFile() { remove(); }

void PidFile::remove() noexcept {
    // TODO(student): if fd_ is open: unlink path_ first, then close fd_ (which releases
    // the lock). Nothing when already removed.
}

}  // namespace daemons
