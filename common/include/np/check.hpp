#pragma once
// Every system call's result is checked; these turn the usual "-1 and errno" into an
// exception that names the call, so no failure goes unnoticed or unexplained.

#include <sys/types.h>

#include <string_view>

namespace np {

// Returns rc; if rc == -1, throws std::system_error(errno) whose message starts with `what`.
int check(int rc, std::string_view what);
ssize_t check(ssize_t rc, std::string_view what);

// Throws std::system_error for the current errno, for calls that signal failure otherwise.
[[noreturn]] void throw_errno(std::string_view what);

}  // namespace np
