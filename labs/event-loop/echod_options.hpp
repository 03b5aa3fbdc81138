#pragma once
// The command line of np-echod.

#include <cstdint>
#include <string>
#include <vector>

#include "echo_settings.hpp"

namespace eventloop {

enum class Engine { kEpoll, kUring, kThreads };

struct EchodOptions {
    std::uint16_t port = 7;          // -p
    Engine engine = Engine::kEpoll;  // --engine epoll|uring|threads
    EchoSettings settings;           // -t idle timeout (seconds), -b buffer bound (bytes)
    bool help = false;
};

// Throws np::UsageError with a one-line message for anything wrong.
EchodOptions parse_echod_options(const std::vector<std::string>& args);
std::string echod_usage();
const char* engine_name(Engine engine);

}  // namespace eventloop
