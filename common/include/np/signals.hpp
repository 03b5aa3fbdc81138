#pragma once
// Signals as events: a signalfd turns a signal into a readable descriptor, so an event
// loop handles it in poll() with no async-signal-safety worries.

#include <initializer_list>
#include <optional>

#include "np/fd.hpp"

namespace np {

class SignalFd {
public:
    // Blocks `signals` in the calling thread (do this before starting threads, which inherit
    // the mask) and opens a non-blocking signalfd for them. The signals stay blocked after
    // destruction: unblocking would deliver pending ones with their default action.
    explicit SignalFd(std::initializer_list<int> signals);

    int fd() const noexcept { return fd_.get(); }
    // The next pending signal's number, or nullopt if none is pending.
    std::optional<int> read();

private:
    Fd fd_;
};

// Installs `handler` for `sig` with sigaction. restart: let interrupted system calls
// resume (SA_RESTART) instead of failing with EINTR.
void on_signal(int sig, void (*handler)(int), bool restart = false);

// Ignores `sig`, e.g. SIGPIPE so a write to a closed socket fails with EPIPE instead.
void ignore_signal(int sig);

}  // namespace np
