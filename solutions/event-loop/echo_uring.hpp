#pragma once
// np-echod --engine uring: the proactor. Instead of asking "which sockets are ready?"
// (epoll) and then reading, we hand io_uring the reads and writes themselves and are told
// when each has completed. One operation is in flight per connection at a time: a receive,
// then the send of what it brought, then the next receive; a client that does not read
// therefore stops being read from, with one buffer per connection at most.

#include "echo_settings.hpp"

namespace eventloop {

// Serves on `listener` (non-blocking, owned by the caller) until SIGINT or SIGTERM.
// Throws std::system_error if io_uring cannot be set up.
void run_uring_echo(int listener, const EchoSettings& settings);

}  // namespace eventloop
