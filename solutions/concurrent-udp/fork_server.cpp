#include "fork_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

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
    for (;;) {
        const Datagram request = receive_datagram(socket);
        const pid_t child = ::fork();
        if (child < 0) {
            np::warn("fork: " + np::errno_text(errno) + ": request from " +
                     request.from.to_string() + " dropped");
            continue;
        }
        if (child == 0) answer(socket, request.from, request.text);
        np::debug("request from " + request.from.to_string() + ": child " + std::to_string(child));
    }
}

}  // namespace concurrent
