#include "pidfile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "np/check.hpp"
#include "pidfile_lock.hpp"

namespace daemons {

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
