#include "np/fd.hpp"

#include <unistd.h>

#include "np/check.hpp"

namespace np {

void Fd::reset(int fd) noexcept {
    if (fd_ >= 0 && fd_ != fd) ::close(fd_);
    fd_ = fd;
}

void Fd::close() {
    // Forget the descriptor first: after a failed close its state is unspecified, and
    // retrying could close a descriptor another thread has just opened.
    int fd = release();
    if (fd >= 0) check(::close(fd), "close");
}

}  // namespace np
