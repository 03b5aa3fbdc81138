#pragma once
// Every system call's result is checked; these turn the usual "-1 and errno" into an
// exception that names the call and the errno symbol, so no failure goes unnoticed or
// unexplained: "sendto: ECONNREFUSED Connection refused".

#include <sys/types.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <system_error>

namespace np {

// An errno value as "ECONNREFUSED Connection refused": the symbol to look up in man pages
// and the sentence for everyone else.
std::string errno_text(int error);

// The category of the exceptions below: its message() is errno_text, and its codes compare
// equal to std::errc values and std::generic_category codes of the same errno.
const std::error_category& errno_category() noexcept;

// Returns rc; if rc == -1, throws std::system_error(errno) whose message starts with `what`.
int check(int rc, std::string_view what);
ssize_t check(ssize_t rc, std::string_view what);

// Throws std::system_error for `error`: by default the current errno, else a value that a
// call returned instead (pthread_*, io_uring's -errno).
[[noreturn]] void throw_errno(std::string_view what, int error = errno);

}  // namespace np
