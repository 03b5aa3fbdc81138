#include "np/log.hpp"

#include <unistd.h>

#include <cstdlib>

namespace np {

namespace {

std::string& name_storage() {
    static std::string name = "np";
    return name;
}

bool verbose_flag = false;

void print(std::string_view msg) {
    // One write per line, so lines from several processes on one terminal do not mix.
    std::string line = program_name() + ": " + std::string(msg) + "\n";
    std::string_view left = line;
    while (!left.empty()) {
        ssize_t n = ::write(STDERR_FILENO, left.data(), left.size());
        if (n <= 0) return;  // nowhere left to report a failure to report
        left.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

void set_program_name(std::string_view argv0) {
    auto slash = argv0.rfind('/');
    if (slash != std::string_view::npos) argv0.remove_prefix(slash + 1);
    name_storage() = argv0;
}

const std::string& program_name() { return name_storage(); }

void warn(std::string_view msg) { print(msg); }

void die(int status, std::string_view msg) {
    print(msg);
    std::exit(status);
}

void set_verbose(bool verbose) { verbose_flag = verbose; }

bool verbose() { return verbose_flag; }

void debug(std::string_view msg) {
    if (verbose_flag) print(msg);
}

}  // namespace np
