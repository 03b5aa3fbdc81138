#pragma once
// Writing a whole buffer to a socket that may take it in pieces.

#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace inetd {

// Writes all of `data`; false once the peer is gone.
inline bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = write(fd, data.data(), data.size());
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace inetd
