#pragma once
// What the PID file's lock tells, for PidFile's constructor (pidfile.cpp).

#include <sys/types.h>

#include <string>

namespace daemons {

// The pid of the process holding the lock on `fd`: the kernel tells for an fcntl lock
// (F_GETLK); for other kinds of lock, the pid the holder wrote in the file. 0 when
// neither tells.
pid_t lock_holder(int fd);

// Whether `fd` is still the file found at `path` (and not one unlinked in the meantime
// by an instance that was stopping). Throws std::system_error when stat fails otherwise.
bool is_current(int fd, const std::string& path);

}  // namespace daemons
