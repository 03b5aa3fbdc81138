#include "np/fdpass.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "np/bytes.hpp"

namespace {

struct SocketPair {
    np::Fd a, b;
    SocketPair() {
        int fds[2];
        EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        a.reset(fds[0]);
        b.reset(fds[1]);
    }
};

np::Fd make_pipe(np::Fd& write_end) {
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
    write_end.reset(fds[1]);
    return np::Fd(fds[0]);
}

TEST(FdPass, SendsADescriptorWithData) {
    SocketPair pair;
    np::Fd write_end;
    np::Fd read_end = make_pipe(write_end);
    np::send_fd(pair.a.get(), write_end.get(), np::as_bytes("tcp"));
    write_end.reset();  // the receiver's copy must be the one that works

    std::array<std::byte, 16> buf{};
    np::ReceivedFd received = np::recv_fd(pair.b.get(), buf);
    ASSERT_TRUE(received.fd);
    EXPECT_EQ(received.bytes, 3u);
    EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(buf.data()), 3), "tcp");
    EXPECT_NE(fcntl(received.fd.get(), F_GETFD) & FD_CLOEXEC, 0);

    ASSERT_EQ(write(received.fd.get(), "x", 1), 1);
    char c = 0;
    ASSERT_EQ(read(read_end.get(), &c, 1), 1);
    EXPECT_EQ(c, 'x');
}

TEST(FdPass, DataWithoutADescriptor) {
    SocketPair pair;
    ASSERT_EQ(write(pair.a.get(), "hello", 5), 5);
    std::array<std::byte, 16> buf{};
    np::ReceivedFd received = np::recv_fd(pair.b.get(), buf);
    EXPECT_FALSE(received.fd);
    EXPECT_EQ(received.bytes, 5u);
}

TEST(FdPass, EndOfStream) {
    SocketPair pair;
    pair.a.reset();
    std::array<std::byte, 16> buf{};
    np::ReceivedFd received = np::recv_fd(pair.b.get(), buf);
    EXPECT_FALSE(received.fd);
    EXPECT_EQ(received.bytes, 0u);
}

TEST(FdPass, RejectsMoreThanOneDescriptor) {
    SocketPair pair;
    // Two descriptors in one message, built by hand because send_fd sends only one.
    int fds[2] = {STDIN_FILENO, STDOUT_FILENO};
    char data = 'x';
    iovec iov{&data, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(fds))]{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(fds));
    std::memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));
    ASSERT_EQ(sendmsg(pair.a.get(), &msg, 0), 1);

    std::array<std::byte, 16> buf{};
    EXPECT_THROW(np::recv_fd(pair.b.get(), buf), std::runtime_error);
}

TEST(FdPass, NeedsData) {
    SocketPair pair;
    EXPECT_THROW(np::send_fd(pair.a.get(), STDIN_FILENO, {}), std::invalid_argument);
}

TEST(FdPass, BadSocketThrows) {
    EXPECT_THROW(np::send_fd(-1, STDIN_FILENO, np::as_bytes("x")), std::system_error);
}

}  // namespace
