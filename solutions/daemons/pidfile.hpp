#pragma once
// A PID file that is also a lock: it says which process runs the daemon, and the lock
// on it is what keeps a second instance from starting. The lock, not the file's mere
// existence, is the proof: a daemon killed with SIGKILL leaves its file behind, but the
// kernel drops its lock the moment it dies.

#include <sys/types.h>

#include <stdexcept>
#include <string>

#include "np/fd.hpp"

namespace daemons {

// Another live process holds the lock on the PID file: the daemon already runs.
// what(): "PATH: already running as pid N" (or "PATH: already running" if N is unknown).
class AlreadyRunning : public std::runtime_error {
public:
    AlreadyRunning(const std::string& path, pid_t holder);
    pid_t holder() const noexcept { return holder_; }  // 0 when unknown

private:
    pid_t holder_;
};

class PidFile {
public:
    // Opens `path`, creating it with mode 0644 if need be (never O_EXCL: a file left by a
    // dead instance must not block us), takes a write lock on the whole file without
    // waiting (fcntl F_SETLK), and only then, holding the lock, replaces its contents
    // with getpid() and a newline, in one write. If the file it locked was unlinked
    // meanwhile (an instance stopping at that very moment), it locks the new one.
    // Throws AlreadyRunning when another process holds the lock; std::system_error for
    // any other failure.
    explicit PidFile(std::string path);

    // remove().
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

    // Unlinks the file while still holding the lock, then closes it (which releases the
    // lock). In this order, no other instance can lock the file we are about to unlink.
    // Idempotent.
    void remove() noexcept;

    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
    np::Fd fd_;
};

}  // namespace daemons
