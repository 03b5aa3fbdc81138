// np-httpd: a small HTTP/1.1 file server on the reactor, in one process or, like nginx,
// in several worker processes that share the listening port.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "http_server.hpp"
#include "httpd_options.hpp"
#include "listener.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"

namespace {

using eventloop::EventLoop;
using eventloop::HttpdOptions;

// One worker: a loop with the server on it, until SIGTERM (or SIGINT) and the end of the
// responses in flight.
void serve(int listener, int root, const HttpdOptions& options, bool shared_listener) {
    EventLoop loop;
    eventloop::HttpSettings settings;
    settings.idle_timeout = options.idle_timeout;
    // Sharing one socket: take one connection per wake-up, leaving the next to whichever
    // worker the kernel wakes for it (nginx's "multi_accept off").
    settings.shared_listener = shared_listener;
    settings.accepts_per_wakeup = shared_listener ? 1 : 64;
    eventloop::HttpServer server(loop, listener, root, settings);
    loop.on_signal(SIGTERM, [&](int) { server.shutdown(); });
    loop.on_signal(SIGINT, [&](int) { server.shutdown(); });
    loop.run();
}

// The master of -w N: starts the workers and waits for them; SIGTERM and SIGINT are passed
// on. Exits 0 once every worker has ended well.
int supervise(const std::vector<pid_t>& started) {
    std::vector<pid_t> workers = started;
    bool failed = false;
    EventLoop loop;
    auto pass_on = [&](int signal) {
        for (pid_t pid : workers) kill(pid, signal);
    };
    loop.on_signal(SIGTERM, pass_on);
    loop.on_signal(SIGINT, pass_on);
    loop.on_signal(SIGCHLD, [&](int) {
        int status = 0;
        for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) {
            std::erase(workers, pid);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                np::warn("worker " + std::to_string(pid) + " ended abnormally");
                failed = true;
            }
        }
        if (workers.empty()) loop.stop();
    });
    loop.run();
    return failed ? 1 : 0;
}

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

int run(const HttpdOptions& options) {
    np::ignore_signal(SIGPIPE);
    eventloop::raise_descriptor_limit();
    np::Fd root(
        np::check(open(options.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC), options.root));
    const bool reuse_port = options.workers > 1 && options.reuse_port;
    std::vector<np::Fd> listeners;
    listeners.push_back(eventloop::listen_tcp(options.port, reuse_port));
    const auto port = eventloop::local_port(listeners.front().get());
    for (int i = 1; reuse_port && i < options.workers; ++i) {
        listeners.push_back(eventloop::listen_tcp(port, true));
    }
    std::printf("listening on port %u\n", port);
    std::fflush(stdout);  // before fork: or each child would print it again
    if (options.workers == 1) {
        serve(listeners.front().get(), root.get(), options, false);
        return 0;
    }

    std::vector<pid_t> workers = start_workers(listeners, root.get(), options, reuse_port);
    listeners.clear();  // the workers have theirs
    if (workers.empty()) return 1;
    return supervise(workers) == 0 && static_cast<int>(workers.size()) == options.workers ? 0 : 1;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-httpd");
    try {
        const auto options =
            eventloop::parse_httpd_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(eventloop::httpd_usage().c_str(), stdout);
            return 0;
        }
        np::set_verbose(options.verbose);
        return run(options);
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-httpd --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
