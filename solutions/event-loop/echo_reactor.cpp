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
    const std::size_t room =
        server_.settings_.max_pending - std::min(pending_.size(), server_.settings_.max_pending);
    if (peer_finished_ || room == 0) return;
    std::array<char, 16 * 1024> buffer;
    const ssize_t n = ::read(fd_.get(), buffer.data(), std::min(room, buffer.size()));
    if (n > 0) {
        pending_.append(buffer.data(), static_cast<std::size_t>(n));
        write_some();  // usually the socket takes it all at once: no EPOLLOUT round
    } else if (n == 0) {
        peer_finished_ = true;
    } else if (errno != EAGAIN && errno != EINTR) {
        close();  // ECONNRESET and friends
    }
}

void EchoConnection::write_some() {
    const ssize_t n = ::send(fd_.get(), pending_.data(), pending_.size(), MSG_NOSIGNAL);
    if (n >= 0) {
        pending_.erase(0, static_cast<std::size_t>(n));
    } else if (errno != EAGAIN && errno != EINTR) {
        close();  // EPIPE, ECONNRESET: the client is gone
    }
}

void EchoConnection::update_interest() {
    std::uint32_t wanted = 0;
    if (!peer_finished_ && pending_.size() < server_.settings_.max_pending) wanted |= kReadable;
    if (!pending_.empty()) wanted |= kWritable;
    if (wanted != interest_) {
        server_.loop_.modify(fd_.get(), wanted);
        interest_ = wanted;
    }
}

}  // namespace eventloop
