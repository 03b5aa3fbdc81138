#pragma once
// Messages to stderr prefixed with the program's name, as Unix tools do
// ("np-ping: unknown host foo"), each written whole in one write().

#include <string>
#include <string_view>

namespace np {

// Remembers the basename of argv[0] as the prefix for messages.
void set_program_name(std::string_view argv0);
// The name set above; "np" if none was set.
const std::string& program_name();

// Prints "prog: msg" to stderr.
void warn(std::string_view msg);
// Prints "prog: msg" to stderr and exits with `status`.
[[noreturn]] void die(int status, std::string_view msg);

// Debug messages are printed only when verbose, e.g. with a tool's -v.
void set_verbose(bool verbose);
bool verbose();
void debug(std::string_view msg);

}  // namespace np
