#pragma once
// How a daemon tells the command that started it whether its start went well.
//
// After become_daemon the original process has nothing left to do, but exiting at once
// would be a lie: the daemon may still fail (a bad port, another instance running), and
// nobody would hear of it, since its stderr is /dev/null by then. So the original process
// waits on a channel made before the first fork (a connected pair of Unix stream sockets:
// a pipe, but one that can be written without risking SIGPIPE); the daemon writes
// "ready" or its error message into it. The command then exits 0 once the daemon
// serves, or prints the error and exits 1. This is also what systemd's Type=forking
// expects: the service is up when the command it ran has exited successfully.

#include <sys/types.h>

#include <string_view>

#include "np/fd.hpp"

namespace daemons {

class StartupChannel {
public:
    // Makes the channel (both ends close-on-exec) and remembers which process made it.
    StartupChannel();

    // The descriptor the daemon reports through: become_daemon keeps it open.
    int daemon_end() const noexcept { return write_end_.get(); }

    // In the child, right after the first fork: only the original process reads the
    // channel, so the child closes its copy of the read end before anything else can close
    // that descriptor number (or reuse it).
    void close_read_end() noexcept { read_end_.reset(); }

    // In the original process, after the first fork: waits until the daemon reports or
    // dies, then exits: 0 after ready(); 1 after fail(), having printed the message as
    // "prog: message" on stderr; 1 with a message of its own if the daemon died silently.
    [[noreturn]] void wait_and_exit();

    // The daemon is up. In the process that made the channel (nothing was forked, as
    // in the foreground) there is nobody to tell and it only closes the channel.
    void ready();

    // The daemon could not start: the original process prints `message` and exits 1. In
    // the process that made the channel, prints the message itself.
    void fail(std::string_view message);

private:
    bool in_creator() const;

    np::Fd read_end_;
    np::Fd write_end_;
    pid_t creator_;
};

}  // namespace daemons
