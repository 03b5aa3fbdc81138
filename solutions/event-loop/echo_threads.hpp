#pragma once
// np-echod --engine threads: the baseline of the threads-vs-events experiment. One thread
// per connection, blocking reads and writes: simple code, and one stack per client.

#include "echo_settings.hpp"

namespace eventloop {

// Serves on `listener` (owned by the caller) until SIGINT or SIGTERM.
void run_threaded_echo(int listener, const EchoSettings& settings);

}  // namespace eventloop
