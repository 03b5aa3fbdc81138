// Given: np-httpd's processes around your start_workers (httpd_main.cpp): the worker
// that serves, the master that waits for the workers, and the program itself.

#include "httpd_processes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "http_server.hpp"
#include "listener.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"

namespace eventloop {

void serve(int listener, int root, const HttpdOptions& options, bool shared_listener) {
    EventLoop loop;
    HttpSettings settings;
    settings.idle_timeout = options.idle_timeout;
    // Sharing one socket: take one connection per wake-up, leaving the next to whichever
    // worker the kernel wakes for it (nginx's "multi_accept off").
    settings.shared_listener = shared_listener;
    settings.accepts_per_wakeup = shared_listener ? 1 : 64;
    HttpServer server(loop, listener, root, settings);
    loop.on_signal(SIGTERM, [&](int) { server.shutdown(); });
    loop.on_signal(SIGINT, [&](int) { server.shutdown(); });
    loop.run();
}

namespace {

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

int run(const HttpdOptions& options, StartWorkers start_workers) {
    np::ignore_signal(SIGPIPE);
    raise_descriptor_limit();
    np::Fd root(
        np::check(open(options.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC), options.root));
    const bool reuse_port = options.workers > 1 && options.reuse_port;
    std::vector<np::Fd> listeners;
    listeners.push_back(listen_tcp(options.port, reuse_port));
    const auto port = local_port(listeners.front().get());
    for (int i = 1; reuse_port && i < options.workers; ++i) {
        listeners.push_back(listen_tcp(port, true));
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

int httpd_main(int argc, char* argv[], StartWorkers start_workers) {
    np::set_program_name(argc > 0 ? argv[0] : "np-httpd");
    try {
        const auto options = parse_httpd_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(httpd_usage().c_str(), stdout);
            return 0;
        }
        np::set_verbose(options.verbose);
        return run(options, start_workers);
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-httpd --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
}  // namespace eventloop
