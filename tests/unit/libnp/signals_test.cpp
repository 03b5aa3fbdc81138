#include "np/signals.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

namespace {

TEST(SignalFd, ReadsARaisedSignal) {
    np::SignalFd signals{SIGUSR1, SIGUSR2};
    ASSERT_GE(signals.fd(), 0);
    EXPECT_EQ(signals.read(), std::nullopt);  // nothing pending yet, and no blocking

    ASSERT_EQ(raise(SIGUSR2), 0);  // blocked, so it waits for the signalfd instead of killing us
    pollfd pfd{signals.fd(), POLLIN, 0};
    ASSERT_EQ(poll(&pfd, 1, 1000), 1);
    EXPECT_EQ(signals.read(), SIGUSR2);
    EXPECT_EQ(signals.read(), std::nullopt);
}

volatile sig_atomic_t handled = 0;
void record(int sig) { handled = sig; }

TEST(OnSignal, InstallsAHandler) {
    np::on_signal(SIGWINCH, record, true);
    ASSERT_EQ(raise(SIGWINCH), 0);
    EXPECT_EQ(handled, SIGWINCH);
    struct sigaction current {};
    sigaction(SIGWINCH, nullptr, &current);
    EXPECT_NE(current.sa_flags & SA_RESTART, 0);
    np::on_signal(SIGWINCH, SIG_DFL);
}

TEST(IgnoreSignal, SurvivesTheSignal) {
    np::ignore_signal(SIGPIPE);
    ASSERT_EQ(raise(SIGPIPE), 0);  // would end the test program if not ignored
    np::on_signal(SIGPIPE, SIG_DFL);
}

TEST(OnSignal, BadSignalThrows) { EXPECT_THROW(np::on_signal(SIGKILL, record), std::system_error); }

}  // namespace
