#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include "np/check.hpp"
#include "np/error.hpp"
#include "tftp_server.hpp"

namespace tftp {

std::optional<IncomingRequest> next_request(int listener,
                                            std::optional<std::chrono::seconds> idle) {
    std::vector<std::byte> buffer(kMaxPacketSize + 1);
    for (;;) {
        if (idle) {
            pollfd pfd{listener, POLLIN, 0};
            const int ready = ::poll(&pfd, 1, static_cast<int>(idle->count() * 1000));
            if (ready < 0 && errno == EINTR) continue;
            if (np::check(ready, "poll") == 0) return std::nullopt;  // idle: inetd starts us again
        }
        np::SocketAddress client;
        const ssize_t n =
            ::recvfrom(listener, buffer.data(), buffer.size(), 0, client.data(), client.size_ptr());
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            np::check(n, "recvfrom");
        }
        std::string complaint = error_text(ErrorCode::kIllegalOperation);
        try {
            Packet packet = decode(std::span(buffer).first(static_cast<std::size_t>(n)));
            // An ERROR is never answered: two confused peers would bounce errors forever.
            if (std::holds_alternative<Error>(packet)) continue;
            if (auto* request = std::get_if<Request>(&packet)) {
                return IncomingRequest{std::move(*request), client};
            }
        } catch (const np::ParseError& e) {
            complaint = e.what();
        }
        // Only requests belong on this port.
        const auto reply = encode(Error{ErrorCode::kIllegalOperation, complaint});
        ::sendto(listener, reply.data(), reply.size(), 0, client.data(), client.size());
    }
}

}  // namespace tftp
