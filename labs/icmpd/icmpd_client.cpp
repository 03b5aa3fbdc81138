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

[[maybe_unused]] constexpr std::chrono::seconds kAnswerTimeout{5};

}  // namespace

void IcmpdClient::register_socket([[maybe_unused]] int udp_socket) {
    // TODO(student): send kRegister with the socket attached (np::send_fd), then wait for
    // the one-byte answer, kAnswerTimeout at most (poll with an np::Deadline). Throw
    // std::runtime_error if the daemon refuses (kRefused), hangs up, or does not answer.
}

}  // namespace icmpd
