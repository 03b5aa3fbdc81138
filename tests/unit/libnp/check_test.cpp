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
        EXPECT_EQ(e.code().category(), std::generic_category());
        EXPECT_EQ(std::string(e.what()).rfind("close", 0), 0u) << e.what();
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
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("open config"), std::string::npos);
    }
}

}  // namespace
