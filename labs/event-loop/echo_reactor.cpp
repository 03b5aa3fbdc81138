#include "echo_reactor.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "np/check.hpp"

namespace eventloop {

void EchoConnection::read_some() {
    // TODO(student): if the client has not half-closed and pending_ has room (below
    // settings max_pending), ONE read of at most that room (level-triggered: if more is
    // waiting, we are called again). Data: append it to pending_ and try write_some() at
    // once. 0: the client half-closed (peer_finished_). Error other than EAGAIN / EINTR
    // (ECONNRESET...): close().
}

void EchoConnection::write_some() {
    // TODO(student): send() what is pending with MSG_NOSIGNAL and erase what was taken.
    // EAGAIN / EINTR: keep it for later; other errors (EPIPE, ECONNRESET): close().
}

void EchoConnection::update_interest() {
    // TODO(student): the events to watch now: kReadable while the client may still send
    // and pending_ is below max_pending (above it we stop reading: backpressure, and the
    // kernel's buffers then push back on the client); kWritable only while output is
    // pending. Call loop_.modify only when that differs from interest_.
}

}  // namespace eventloop
