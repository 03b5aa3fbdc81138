#pragma once
// The two kinds of error a user can cause, so a tool's main can tell them apart.

#include <stdexcept>

namespace np {

// A bad command line: the tool prints the message and exits with status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Malformed input data (a short packet, a bad config line): reject it, never read past it.
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace np
