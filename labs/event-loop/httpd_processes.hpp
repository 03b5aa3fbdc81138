#pragma once
// np-httpd's processes: one worker serving on the loop, or, like nginx, -w N workers
// forked by start_workers (yours, in httpd_main.cpp) under a master that waits for them.

#include <sys/types.h>

#include <vector>

#include "httpd_options.hpp"
#include "np/fd.hpp"

namespace eventloop {

// One worker: a loop with the server on it, until SIGTERM (or SIGINT) and the end of the
// responses in flight. Serves the files under `root` to connections accepted on
// `listener`; shared_listener: other workers accept on the same socket.
void serve(int listener, int root, const HttpdOptions& options, bool shared_listener);

// nginx's shape: forks options.workers processes, each serving on its own listener
// (reuse_port: one per worker) or all on the shared one (listeners[0]). Returns their
// pids, in the parent only.
using StartWorkers = std::vector<pid_t> (*)(std::vector<np::Fd>& listeners, int root,
                                            const HttpdOptions& options, bool reuse_port);

// All of np-httpd: the command line, the listening socket(s), then serve() in this
// process, or with -w N start_workers and wait for them. Returns the exit status.
int httpd_main(int argc, char* argv[], StartWorkers start_workers);

}  // namespace eventloop
