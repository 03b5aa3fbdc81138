#include "icmpd_client.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "icmpd_protocol.hpp"
#include "np/check.hpp"
#include "np/clock.hpp"
#include "np/fdpass.hpp"

namespace icmpd {

namespace {

constexpr std::chrono::seconds kAnswerTimeout{5};

}  // namespace

void IcmpdClient::register_socket(int udp_socket) {
    const std::byte request{static_cast<unsigned char>(kRegister)};
    np::send_fd(connection_.get(), udp_socket, std::span(&request, 1));

    const np::Deadline deadline(kAnswerTimeout);
    pollfd waiting{connection_.get(), POLLIN, 0};
    for (;;) {
        const int ready = poll(&waiting, 1, deadline.poll_timeout_ms());
        if (ready == -1 && errno == EINTR) continue;
        np::check(ready, "poll");
        if (ready == 0) throw std::runtime_error("np-icmpd did not answer the registration");
        break;
    }
    char answer = 0;
    const ssize_t n = np::check(recv(connection_.get(), &answer, 1, 0), "recv");
    if (n == 0) throw std::runtime_error("np-icmpd hung up on the registration");
    if (answer != kAccepted) throw std::runtime_error("np-icmpd refused the socket");
}

}  // namespace icmpd
