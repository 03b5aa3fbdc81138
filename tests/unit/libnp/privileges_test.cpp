#include "np/privileges.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace {

TEST(DropPrivileges, NoOpWhenNotSetUid) {
    // The test runs with equal real and effective ids (plain or under sudo): nothing changes.
    ASSERT_EQ(getuid(), geteuid());
    ASSERT_EQ(getgid(), getegid());
    uid_t uid = getuid();
    gid_t gid = getgid();
    np::drop_privileges();
    EXPECT_EQ(geteuid(), uid);
    EXPECT_EQ(getegid(), gid);
}

}  // namespace
