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

void UringEcho::accepted([[maybe_unused]] int result) {
    // TODO(student): the accept completed. result >= 0 is the new connection's
    // descriptor: make a Connection (std::make_unique; buffer of min(kBufferSize,
    // max_pending) bytes), put it in connections_ under that descriptor (the first
    // one also sets next_idle_check_ to its last_activity + idle_timeout), submit its
    // first receive, and submit the next accept. -EINTR, -ECONNABORTED, -EAGAIN: submit the
    // accept again. Other errors (out of descriptors): warn, and set accept_retry_ to now +
    // kAcceptRetry.
}

void UringEcho::received([[maybe_unused]] Connection& c, [[maybe_unused]] int result) {
    // TODO(student): a receive completed with `result` bytes in c.buffer. <= 0 (the
    // client half-closed, or an error): finish(c). Else note the activity time and
    // submit the send of those bytes (c.length, from c.sent = 0).
}

void UringEcho::sent([[maybe_unused]] Connection& c, [[maybe_unused]] int result) {
    // TODO(student): a send completed, having sent `result` bytes. <= 0: finish(c).
    // Else note the activity and advance c.sent: a short send submits the rest;
    // everything sent submits the next receive (one operation in flight at a time).
}

}  // namespace eventloop::uring
