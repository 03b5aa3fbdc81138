#include "pidfile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "np/check.hpp"
#include "pidfile_lock.hpp"

namespace daemons {

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
