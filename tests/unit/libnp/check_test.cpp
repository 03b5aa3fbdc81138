#include "np/check.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace {

TEST(Check, PassesSuccessThrough) {
    EXPECT_EQ(np::check(0, "x"), 0);
    EXPECT_EQ(np::check(7, "x"), 7);
    EXPECT_EQ(np::check(ssize_t{1234}, "x"), 1234);
}

TEST(Check, ThrowsWithTheCallsNameAndErrno) {
    try {
        np::check(::close(-1), "close");
        FAIL() << "no exception";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EBADF);
        EXPECT_STREQ(e.what(), "close: EBADF Bad file descriptor");
    }
}

TEST(Check, ThrowsForSsizeT) {
    char byte;
    EXPECT_THROW(np::check(::read(-1, &byte, 1), "read"), std::system_error);
}

TEST(Check, ThrowErrnoUsesTheCurrentErrno) {
    errno = ENOENT;
    try {
        np::throw_errno("open config");
        FAIL() << "no exception";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_STREQ(e.what(), "open config: ENOENT No such file or directory");
    }
}

TEST(Check, ThrowErrnoTakesAnErrorReturnedInstead) {
    errno = 0;
    try {
        np::throw_errno("pthread_sigmask", EINVAL);
        FAIL() << "no exception";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EINVAL);
        EXPECT_STREQ(e.what(), "pthread_sigmask: EINVAL Invalid argument");
    }
}

TEST(ErrnoText, NamesTheSymbolThenTheDescription) {
    EXPECT_EQ(np::errno_text(ECONNREFUSED), "ECONNREFUSED Connection refused");
    EXPECT_EQ(np::errno_text(EACCES), "EACCES Permission denied");
}

TEST(ErrnoText, SaysSoForANumberThatIsNoErrno) {
    EXPECT_EQ(np::errno_text(-1), "Unknown error -1");
    EXPECT_EQ(np::errno_text(100000), "Unknown error 100000");
}

TEST(ErrnoCategory, ComparesEqualToTheStandardConditions) {
    // Code that tests e.code() == std::errc::... must not care which category threw.
    const std::error_code code(ENOSPC, np::errno_category());
    EXPECT_EQ(code, std::errc::no_space_on_device);
    EXPECT_NE(code, std::errc::permission_denied);
    EXPECT_EQ(code.message(), "ENOSPC No space left on device");
}

}  // namespace
