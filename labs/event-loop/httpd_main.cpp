// np-httpd: a small HTTP/1.1 file server on the reactor, in one process or, like nginx,
// in several worker processes that share the listening port. The program is given
// (httpd_processes.cpp); what you write here is start_workers, the forking.

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <vector>

#include "httpd_options.hpp"
#include "httpd_processes.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"

namespace {

using eventloop::HttpdOptions;
using eventloop::serve;

// nginx's shape: forks options.workers processes, each serving on its own listener
// (--reuseport) or all on the shared one. Returns their pids, in the parent only.
std::vector<pid_t> start_workers([[maybe_unused]] std::vector<np::Fd>& listeners,
                                 [[maybe_unused]] int root,
                                 [[maybe_unused]] const HttpdOptions& options,
                                 [[maybe_unused]] bool reuse_port) {
    // TODO(student): nginx's shape. First block SIGTERM, SIGINT and SIGCHLD (sigprocmask):
    // a worker must not die of a SIGTERM that comes before its loop takes it as an event.
    // Then fork options.workers times. In each child: keep only its listener (index i
    // with reuse_port, else 0; listeners.clear() closes the rest), serve() on it with
    // shared_listener = !reuse_port, and _exit(0) (1 if serve threw): a child must never
    // return into the parent's code. In the parent: collect the pids. If fork fails,
    // warn, SIGTERM the workers started so far and stop forking.
    np::warn("worker processes are not written yet (TODO in httpd_main.cpp)");
    return {};
}

}  // namespace

int main(int argc, char* argv[]) { return eventloop::httpd_main(argc, argv, start_workers); }
