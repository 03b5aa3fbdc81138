#include "echod_options.hpp"

#include <cmath>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace eventloop {

EchodOptions parse_echod_options(const std::vector<std::string>& args) {
    EchodOptions options;
    const np::OptionSyntax syntax{
        "h", "pebt", {{"help", 'h'}, {"engine", 'e', true}, {"port", 'p', true}}};
    const auto operands =
        np::read_command_line(args, syntax, [&](char letter, std::string_view value) {
            switch (letter) {
                case 'h':
                    options.help = true;
                    break;
                case 'p':
                    options.port = np::parse_number<std::uint16_t>(value, 0, 65535, "port");
                    break;
                case 'e':
                    if (value == "epoll") {
                        options.engine = Engine::kEpoll;
                    } else if (value == "uring") {
                        options.engine = Engine::kUring;
                    } else if (value == "threads") {
                        options.engine = Engine::kThreads;
                    } else {
                        throw np::UsageError("unknown engine: '" + std::string(value) +
                                             "' (epoll, uring or threads)");
                    }
                    break;
                case 't': {
                    const double seconds = np::parse_decimal(value, 0.001, 86400, "idle timeout");
                    options.settings.idle_timeout =
                        std::chrono::milliseconds(std::llround(seconds * 1000));
                    break;
                }
                case 'b':
                    options.settings.max_pending = np::parse_number<std::size_t>(
                        value, 1, std::size_t{1} << 30, "buffer size");
                    break;
            }
        });
    if (!operands.empty()) throw np::UsageError("unexpected argument: '" + operands.front() + "'");
    return options;
}

std::string echod_usage() {
    return "Usage: np-echod [-p PORT] [--engine epoll|uring|threads] [-t SECONDS] [-b BYTES]\n"
           "A TCP echo server.\n"
           "  -p, --port PORT   port to listen on, IPv4 and IPv6 (default 7; 0: any)\n"
           "  -e, --engine E    epoll: a reactor (default); uring: a proactor on io_uring;\n"
           "                    threads: one thread per connection\n"
           "  -t SECONDS        close a connection idle this long (default 60)\n"
           "  -b BYTES          stop reading a client with this much not yet echoed (default "
           "65536)\n"
           "  -h, --help        this help\n"
           "Prints 'listening on port N (ENGINE)' once ready. Stops on SIGINT or SIGTERM.\n";
}

const char* engine_name(Engine engine) {
    switch (engine) {
        case Engine::kEpoll:
            return "epoll";
        case Engine::kUring:
            return "uring";
        case Engine::kThreads:
            return "threads";
    }
    return "?";
}

}  // namespace eventloop
