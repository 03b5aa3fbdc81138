// np-daytimed learns who its client is: inetd hands it the connection on descriptors 0,
// 1 and 2, so the peer is whoever is at the other end of descriptor 0.

#include <sys/socket.h>
#include <unistd.h>

#include "daytimed.hpp"
#include "np/log.hpp"

namespace inetd {

std::optional<np::SocketAddress> inetd_peer(daemons::SyslogClient& log) {
    np::SocketAddress peer;
    if (getpeername(0, peer.data(), peer.size_ptr()) == -1) {
        const char* why = "descriptor 0 is not a connected socket: run me from inetd";
        log.error(why);
        if (isatty(2)) np::warn(why);  // run by hand: say it where the person is looking
        return std::nullopt;
    }
    return peer;
}

}  // namespace inetd
