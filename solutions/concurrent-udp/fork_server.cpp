#include "fork_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "np/address.hpp"
#include "np/check.hpp"
#include "np/log.hpp"
#include "reaper.hpp"
#include "udp_request.hpp"

namespace concurrent {

namespace {

// In the child: the whole life of one request.
[[noreturn]] void answer(int socket, const np::SocketAddress& client, std::string_view text) {
    const UdpRequest request = parse_udp_request(text);
    std::this_thread::sleep_for(request.delay);
    const std::string reply = format_udp_reply(::getpid(), request.text);
    if (::sendto(socket, reply.data(), reply.size(), 0, client.data(), client.size()) < 0) {
        np::warn("sendto " + client.to_string() + ": " + np::errno_text(errno));
    }
    // _exit, not exit: the child must not flush or destroy what belongs to the parent.
    ::_exit(0);
}

}  // namespace

void serve_forking(int socket) {
    reap_children_on_sigchld();
    std::vector<char> buffer(65536);
    for (;;) {
        np::SocketAddress client;
        const ssize_t n =
            ::recvfrom(socket, buffer.data(), buffer.size(), 0, client.data(), client.size_ptr());
        if (n < 0) {
            if (errno == EINTR) continue;  // a SIGCHLD arriving without SA_RESTART's help
            np::check(n, "recvfrom");
        }
        const pid_t child = ::fork();
        if (child < 0) {
            np::warn("fork: " + np::errno_text(errno) + ": request from " + client.to_string() +
                     " dropped");
            continue;
        }
        if (child == 0) answer(socket, client, std::string_view(buffer.data(), n));
        np::debug("request from " + client.to_string() + ": child " + std::to_string(child));
    }
}

}  // namespace concurrent
