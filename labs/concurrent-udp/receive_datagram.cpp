#include <sys/socket.h>

#include <cerrno>
#include <vector>

#include "fork_server.hpp"
#include "np/check.hpp"

namespace concurrent {

Datagram receive_datagram(int socket) {
    std::vector<char> buffer(65536);  // the largest UDP payload fits
    for (;;) {
        np::SocketAddress from;
        const ssize_t n =
            ::recvfrom(socket, buffer.data(), buffer.size(), 0, from.data(), from.size_ptr());
        if (n < 0) {
            if (errno == EINTR) continue;  // a SIGCHLD arriving without SA_RESTART's help
            np::check(n, "recvfrom");
        }
        return Datagram{from, std::string(buffer.data(), static_cast<std::size_t>(n))};
    }
}

}  // namespace concurrent
