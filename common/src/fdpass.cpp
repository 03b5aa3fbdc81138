#include "np/fdpass.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "np/check.hpp"

namespace np {

namespace {

// Room for a few descriptors, so extra ones arrive (and get closed) instead of being
// dropped silently with MSG_CTRUNC. The union gives the buffer cmsghdr's alignment.
constexpr int kMaxFds = 8;
union ControlBuffer {
    cmsghdr align;
    char bytes[CMSG_SPACE(sizeof(int) * kMaxFds)];
};

}  // namespace

void send_fd(int unix_sock, int fd, std::span<const std::byte> data) {
    if (data.empty()) throw std::invalid_argument("send_fd: a descriptor needs data to go with");
    iovec iov{const_cast<std::byte*>(data.data()), data.size()};
    ControlBuffer control{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.bytes;
    msg.msg_controllen = CMSG_SPACE(sizeof(int));
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    check(sendmsg(unix_sock, &msg, MSG_NOSIGNAL), "sendmsg");
}

ReceivedFd recv_fd(int unix_sock, std::span<std::byte> buf) {
    iovec iov{buf.data(), buf.size()};
    ControlBuffer control{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.bytes;
    msg.msg_controllen = sizeof(control.bytes);
    auto bytes =
        static_cast<std::size_t>(check(recvmsg(unix_sock, &msg, MSG_CMSG_CLOEXEC), "recvmsg"));

    std::vector<Fd> fds;  // owned at once, so every path closes them
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&msg); cmsg != nullptr; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
        std::size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            fds.emplace_back(fd);
        }
    }
    if ((msg.msg_flags & MSG_CTRUNC) != 0) {
        throw std::runtime_error("recv_fd: control data truncated (too many descriptors)");
    }
    if (fds.size() > 1) {
        throw std::runtime_error("recv_fd: expected one descriptor, got " +
                                 std::to_string(fds.size()));
    }
    ReceivedFd received{Fd(), bytes};
    if (!fds.empty()) received.fd = std::move(fds.front());
    return received;
}

}  // namespace np
