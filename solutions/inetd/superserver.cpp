#include "superserver.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "internal_services.hpp"
#include "launch.hpp"
#include "np/check.hpp"

namespace inetd {

namespace {

std::string describe_exit(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
}

}  // namespace

void Superserver::start_server(Listener& listener, int socket_fd) {
    const pid_t pid = fork();
    if (pid == -1) {
        log_.error(listener.name() + ": fork: " + np::errno_text(errno));
        return;
    }
    if (pid == 0) {
        if (listener.entry.internal != Internal::kNone) {
            run_internal_child(listener.entry.internal, socket_fd);
        }
        exec_server(listener.entry, socket_fd);
    }
    const bool holds_listener = socket_fd == listener.socket.get();
    children_[pid] = {listener.key(), holds_listener};
    if (holds_listener) listener.server = pid;  // not watched until this server exits
}

void Superserver::dispatch(Listener& listener) {
    const ServiceEntry& entry = listener.entry;
    const auto now = np::Clock::now();
    if (!entry.stream && entry.internal != Internal::kNone) {
        serve_datagram(entry.internal, listener.socket.get(), listener.chargen_counter);
        return;
    }
    if (accepts_itself(entry)) {
        np::Fd connection(accept4(listener.socket.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!connection) return;  // the client gave up already
        if (answers_at_once(entry.internal)) {
            serve_stream(entry.internal, connection.get());
            return;
        }
        if (!listener.rate.allow(now)) return disable(listener, now);
        start_server(listener, connection.get());
        return;  // our copy of the connection closes here; the child has its own
    }
    // wait: the server gets the listening socket itself and reads (or accepts) from it
    // until it exits; inetd leaves the socket alone meanwhile.
    if (!listener.rate.allow(now)) return disable(listener, now);
    start_server(listener, listener.socket.get());
}

void Superserver::reap_children() {
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        const auto child = children_.find(pid);
        if (child == children_.end()) continue;
        const auto [key, held_listener] = child->second;
        children_.erase(child);
        Listener* listener = find(key);
        if (listener != nullptr && held_listener && listener->server == pid) listener->server = 0;
        const bool normal = (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
                            (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
        if (!normal) {
            log_.error((listener ? listener->name() : key) + ": server " + std::to_string(pid) +
                       " " + describe_exit(status));
        }
    }
}

}  // namespace inetd
