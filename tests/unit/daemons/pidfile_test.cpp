// The daemons lab's PID file: it holds the pid, it is locked, a second instance is refused,
// and it goes away when the daemon stops.

#include "pidfile.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

// A fresh directory for one test, removed afterwards.
class PidFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "np-pidfile-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "making a directory for the test";
        dir_ = tmpl;
        path_ = (dir_ / "d.pid").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    // The file's contents, read by another process: closing any descriptor of a file
    // drops every fcntl lock this process holds on it, so the test process never opens it.
    std::string contents() const {
        int ends[2];
        if (pipe(ends) == -1) return "(pipe failed)";
        const pid_t child = fork();
        if (child == 0) {
            close(ends[0]);
            std::ifstream in(path_);
            std::stringstream text;
            text << in.rdbuf();
            const std::string data = text.str();
            _exit(write(ends[1], data.data(), data.size()) < 0 ? 1 : 0);
        }
        close(ends[1]);
        std::string data;
        char buffer[256];
        for (ssize_t n; (n = read(ends[0], buffer, sizeof buffer)) > 0;) data.append(buffer, n);
        close(ends[0]);
        waitpid(child, nullptr, 0);
        return data;
    }

    // What happens when another process tries to take the PID file: the exit status of a
    // child that does (0 refused as AlreadyRunning naming `holder`, 1 refused but naming
    // another pid, 2 accepted, 3 another error).
    int second_instance(pid_t holder) const {
        const pid_t child = fork();
        if (child == 0) {
            try {
                daemons::PidFile second(path_);
                second.remove();
                _exit(2);
            } catch (const daemons::AlreadyRunning& e) {
                _exit(e.holder() == holder ? 0 : 1);
            } catch (...) {
                _exit(3);
            }
        }
        int status = 0;
        waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    fs::path dir_;
    std::string path_;
};

TEST_F(PidFileTest, WritesPidAndLocks) {
    {
        std::ofstream stale(path_);
        stale << "999999\nleft over by a daemon killed long ago\n";
    }
    daemons::PidFile pid_file(path_);
    EXPECT_EQ(contents(), std::to_string(getpid()) + "\n")
        << "a stale file is taken over and holds our pid and a newline, nothing more";
    EXPECT_EQ(fs::status(path_).permissions() & fs::perms::others_write, fs::perms::none)
        << "the PID file must not be writable by others";
    EXPECT_EQ(second_instance(getpid()), 0)
        << "another process must be refused with AlreadyRunning naming our pid "
           "(1: refused naming another pid, 2: accepted, 3: another error)";
    EXPECT_EQ(contents(), std::to_string(getpid()) + "\n")
        << "a refused instance must not touch the file";
    try {
        throw daemons::AlreadyRunning(path_, 42);
    } catch (const std::exception& e) {
        EXPECT_EQ(std::string(e.what()), path_ + ": already running as pid 42")
            << "the message of AlreadyRunning(path, 42)";
    }
}

TEST_F(PidFileTest, RemovedAndUnlockedOnStop) {
    {
        daemons::PidFile pid_file(path_);
        ASSERT_TRUE(fs::exists(path_)) << "a new PidFile creates the file";
        pid_file.remove();
        EXPECT_FALSE(fs::exists(path_)) << "remove() unlinks the file";
        pid_file.remove();  // idempotent
    }
    {
        daemons::PidFile pid_file(path_);
        ASSERT_TRUE(fs::exists(path_)) << "after remove(), a new PidFile creates the file again";
    }
    EXPECT_FALSE(fs::exists(path_)) << "the destructor removes the file";
    EXPECT_EQ(second_instance(0), 2) << "once removed, another instance may start";
}

}  // namespace
