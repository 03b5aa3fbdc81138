#pragma once
// Which file names a TFTP server accepts. The server serves one directory and nothing
// outside it. Names are checked twice: here, as text (no absolute path, no ".."
// component), and again when the file is opened, by the kernel (openat2 with
// RESOLVE_BENEATH), which also catches a symbolic link that leads out.

#include <optional>
#include <string>
#include <string_view>

namespace tftp {

// The name as a path relative to the served directory, with empty and "." components
// dropped ("a//./b" -> "a/b"), or nullopt when it must be refused: empty, absolute, with a
// ".." component, or with a control character in it.
std::optional<std::string> confine_path(std::string_view name);

// "a/b/c" -> {"a/b", "c"}; "c" -> {".", "c"}: the directory to create a file in and its name.
std::pair<std::string, std::string> split_parent(const std::string& relative);

}  // namespace tftp
