#pragma once
// Passing an open descriptor to another process over a Unix-domain socket (SCM_RIGHTS).

#include <cstddef>
#include <span>

#include "np/fd.hpp"

namespace np {

// Sends `fd` with `data` in one message. data must not be empty: on a stream socket a
// descriptor travels with at least one byte. Throws std::system_error on failure.
void send_fd(int unix_sock, int fd, std::span<const std::byte> data);

struct ReceivedFd {
    Fd fd;              // empty if the message carried no descriptor
    std::size_t bytes;  // data bytes received into the buffer; 0 at end of stream
};

// Receives one message into `buf` and the descriptor that came with it (close-on-exec).
// A message with more than one descriptor, or a truncated one, is an error: every
// descriptor received is closed and std::runtime_error thrown, so none leaks.
ReceivedFd recv_fd(int unix_sock, std::span<std::byte> buf);

}  // namespace np
