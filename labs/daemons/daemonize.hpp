#pragma once
// Becoming a daemon: the classic sequence of steps that detaches a process from the
// terminal and the session that started it, and resets what it inherited. A flag turns
// each resetting step off, so that you can watch what it was for.

#include <system_error>

namespace daemons {

class StartupChannel;

// Bits of become_daemon's `flags`: each one skips a step.
enum DaemonFlags : unsigned {
    kNoChdir = 1u << 0,         // keep the working directory instead of chdir("/")
    kNoCloseFiles = 1u << 1,    // keep every inherited descriptor open
    kNoReopenStdFds = 1u << 2,  // leave 0, 1 and 2 as they are instead of /dev/null
    kNoUmask0 = 1u << 3,        // keep the inherited umask instead of umask(0)
};

// Turns the calling process into a daemon, in this order:
//   1. fork; the parent leaves.     The child is not a process-group leader...
//   2. setsid.                      ...so it may start a session of its own: no terminal.
//   3. fork; the session leader     The grandchild is no session leader, so opening a
//      leaves.                      terminal can never make it its controlling terminal.
//   4. umask(0)                     (unless kNoUmask0): file modes are what the code says.
//   5. chdir("/")                   (unless kNoChdir): no directory, no mount kept busy.
//   6. close every descriptor       (unless kNoCloseFiles), except startup's.
//   7. 0, 1, 2 on /dev/null         (unless kNoReopenStdFds): stray reads and writes of
//                                   the standard streams go nowhere, not into a socket.
// Returns in the daemon (the grandchild) only. The intermediate child _exits(0). The
// original process _exits(0) as well, or, when `startup` is given, waits for the daemon
// to report through it and exits with what it reports (StartupChannel::wait_and_exit);
// the child then closes its copy of the channel's read end (close_read_end) at once.
//
// Returns an empty error_code on success. On failure it returns the error of the step
// that failed, in the process that took it (the original one if the first fork failed):
// it never exits half-way itself; the caller reports the error and exits.
std::error_code become_daemon(unsigned flags, StartupChannel* startup = nullptr);

}  // namespace daemons
