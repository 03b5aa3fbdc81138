// np-echod's io_uring engine: what to do when an operation has completed. The ring, the
// loop that hands each completion to these, and the housekeeping are given
// (echo_uring_ring.hpp/.cpp).

#include <algorithm>
#include <cerrno>
#include <memory>
#include <string>
#include <utility>

#include "echo_uring_ring.hpp"
#include "np/check.hpp"
#include "np/log.hpp"

namespace eventloop::uring {

void UringEcho::accepted(int result) {
    if (result >= 0) {
        auto owned = std::make_unique<Connection>();
        owned->fd.reset(result);
        owned->buffer = std::make_unique<char[]>(std::min(kBufferSize, settings_.max_pending));
        Connection& c = *connections_.emplace(result, std::move(owned)).first->second;
        if (connections_.size() == 1) next_idle_check_ = c.last_activity + settings_.idle_timeout;
        submit_receive(c);
        submit_accept();
    } else if (result == -EINTR || result == -ECONNABORTED || result == -EAGAIN) {
        submit_accept();
    } else {
        // Out of descriptors, most likely: try again a little later, not in a tight loop.
        np::warn("accept: " + np::errno_text(-result) + " (pausing)");
        accept_retry_ = np::Clock::now() + kAcceptRetry;
    }
}

void UringEcho::received(Connection& c, int result) {
    if (result <= 0) {  // 0: the client half-closed and everything was echoed; < 0: error
        finish(c);
        return;
    }
    c.last_activity = np::Clock::now();
    c.length = static_cast<std::size_t>(result);
    c.sent = 0;
    submit_send(c);
}

void UringEcho::sent(Connection& c, int result) {
    if (result <= 0) {
        finish(c);
        return;
    }
    c.last_activity = np::Clock::now();
    c.sent += static_cast<std::size_t>(result);
    if (c.sent < c.length) {
        submit_send(c);  // a short send: the rest
    } else {
        submit_receive(c);
    }
}

}  // namespace eventloop::uring
