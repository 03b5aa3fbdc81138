#pragma once
// What every np-echod engine is told.

#include <chrono>
#include <cstddef>

namespace eventloop {

struct EchoSettings {
    // Bytes received but not yet echoed, per connection, before the server stops reading
    // from it (backpressure: a client that does not read cannot make the server grow).
    std::size_t max_pending = 64 * 1024;
    // A connection with no traffic for this long is closed.
    std::chrono::milliseconds idle_timeout{60'000};
};

}  // namespace eventloop
