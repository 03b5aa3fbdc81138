#include "np/log.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Log, ProgramNameIsTheBasename) {
    np::set_program_name("/usr/local/bin/np-ping");
    EXPECT_EQ(np::program_name(), "np-ping");
    np::set_program_name("np-inetd");
    EXPECT_EQ(np::program_name(), "np-inetd");
}

TEST(Log, WarnPrefixesTheProgramName) {
    np::set_program_name("./np-syslogd");
    testing::internal::CaptureStderr();
    np::warn("cannot open /dev/log");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "np-syslogd: cannot open /dev/log\n");
}

TEST(Log, DebugOnlyWhenVerbose) {
    np::set_program_name("np-x");
    testing::internal::CaptureStderr();
    np::set_verbose(false);
    np::debug("hidden");
    np::set_verbose(true);
    EXPECT_TRUE(np::verbose());
    np::debug("shown");
    np::set_verbose(false);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "np-x: shown\n");
}

TEST(LogDeathTest, DieExitsWithTheStatus) {
    np::set_program_name("np-x");
    EXPECT_EXIT(np::die(3, "fatal"), testing::ExitedWithCode(3), "np-x: fatal");
}

}  // namespace
