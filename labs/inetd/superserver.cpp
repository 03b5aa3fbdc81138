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

[[maybe_unused]] std::string describe_exit(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
}

}  // namespace

void Superserver::start_server([[maybe_unused]] Listener& listener,
                               [[maybe_unused]] int socket_fd) {
    // TODO(student): fork. The child runs the server and never returns: an internal
    // service with run_internal_child, any other with exec_server. The parent records the
    // child in children_ (the listener's key, and whether socket_fd is the listener's own
    // socket); if it is, the listener is busy (listener.server = pid) and run() stops
    // watching it until that child exits. A failed fork is logged, and nothing started.
}

void Superserver::dispatch(Listener& listener) {
    // TODO(student): the listener's socket is readable. For internal UDP services, answer
    // the datagram here (serve_datagram). For services that accept (accepts_itself): accept
    // the connection (close-on-exec); answer daytime and time here (answers_at_once,
    // serve_stream); otherwise count the start (listener.rate.allow; too many: disable)
    // and start_server with the connection, then close our copy. Everything else is a
    // wait service: count the start and start_server with the listening socket itself.
    // For now every connection and datagram is dropped unanswered.
    if (listener.entry.stream) {
        np::Fd dropped(accept4(listener.socket.get(), nullptr, nullptr, SOCK_CLOEXEC));
    } else {
        char dropped;
        [[maybe_unused]] const ssize_t n = recv(listener.socket.get(), &dropped, 1, MSG_DONTWAIT);
    }
}

void Superserver::reap_children() {
    // TODO(student): collect every child that has exited (waitpid(-1, ..., WNOHANG) until it
    // returns 0 or -1: one SIGCHLD may stand for several children). For each one in
    // children_: forget it; if it held its listener's socket, the listener is free again
    // (server = 0); log an exit status other than 0 (or death by SIGPIPE) with describe_exit.
}

}  // namespace inetd
