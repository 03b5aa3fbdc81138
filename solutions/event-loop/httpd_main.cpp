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
std::vector<pid_t> start_workers(std::vector<np::Fd>& listeners, int root,
                                 const HttpdOptions& options, bool reuse_port) {
    // Block the signals before forking: a worker must not die of a SIGTERM that comes
    // before its loop is ready to take it as an event.
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int signal : {SIGTERM, SIGINT, SIGCHLD}) sigaddset(&blocked, signal);
    np::check(sigprocmask(SIG_BLOCK, &blocked, nullptr), "sigprocmask");
    std::vector<pid_t> workers;
    for (int i = 0; i < options.workers; ++i) {
        const pid_t pid = fork();
        if (pid == -1) {
            np::warn("fork: " + np::errno_text(errno));
            for (pid_t started : workers) kill(started, SIGTERM);
            break;
        }
        if (pid == 0) {
            // Keep only this worker's socket: the others' connections are for the others.
            np::Fd listener = std::move(listeners[reuse_port ? i : 0]);
            listeners.clear();
            int status = 0;
            try {
                serve(listener.get(), root, options, !reuse_port);
            } catch (const std::exception& e) {
                np::warn(e.what());
                status = 1;
            }
            std::fflush(stdout);
            _exit(status);
        }
        workers.push_back(pid);
    }
    return workers;
}

}  // namespace

int main(int argc, char* argv[]) { return eventloop::httpd_main(argc, argv, start_workers); }
