#include "np/fd.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <system_error>
#include <utility>

namespace {

// fcntl(F_GETFD) succeeds exactly when the descriptor is open.
bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

int open_null() { return open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST(Fd, DefaultIsEmpty) {
    np::Fd fd;
    EXPECT_FALSE(fd);
    EXPECT_EQ(fd.get(), -1);
}

TEST(Fd, ClosesOnDestruction) {
    int raw = open_null();
    ASSERT_GE(raw, 0);
    { np::Fd fd(raw); }
    EXPECT_FALSE(is_open(raw));
}

TEST(Fd, MoveTransfersOwnership) {
    int raw = open_null();
    np::Fd a(raw);
    np::Fd b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_EQ(b.get(), raw);
    np::Fd c;
    c = std::move(b);
    EXPECT_EQ(c.get(), raw);
    EXPECT_TRUE(is_open(raw));
}

TEST(Fd, MoveAssignmentClosesThePreviousDescriptor) {
    int first = open_null();
    np::Fd a(first);
    a = np::Fd(open_null());
    EXPECT_FALSE(is_open(first));
}

TEST(Fd, ReleaseGivesUpOwnership) {
    int raw = open_null();
    {
        np::Fd fd(raw);
        EXPECT_EQ(fd.release(), raw);
        EXPECT_FALSE(fd);
    }
    EXPECT_TRUE(is_open(raw));
    ::close(raw);
}

TEST(Fd, ResetClosesAndTakesTheNewOne) {
    int first = open_null();
    int second = open_null();
    np::Fd fd(first);
    fd.reset(second);
    EXPECT_FALSE(is_open(first));
    EXPECT_EQ(fd.get(), second);
    fd.reset();
    EXPECT_FALSE(is_open(second));
}

TEST(Fd, CloseClosesAndEmpties) {
    int raw = open_null();
    np::Fd fd(raw);
    fd.close();
    EXPECT_FALSE(fd);
    EXPECT_FALSE(is_open(raw));
    fd.close();  // closing an empty Fd is harmless
}

TEST(Fd, CloseReportsFailure) {
    int raw = open_null();
    ::close(raw);  // behind the Fd's back, so its close fails with EBADF
    np::Fd fd(raw);
    EXPECT_THROW(fd.close(), std::system_error);
}

}  // namespace
