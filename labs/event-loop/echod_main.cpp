// np-echod: a TCP echo server on three engines, for the threads-vs-events experiment.

#include <signal.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "echo_reactor.hpp"
#include "echo_threads.hpp"
#include "echo_uring.hpp"
#include "echod_options.hpp"
#include "event_loop.hpp"
#include "listener.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/signals.hpp"

namespace {

void run_reactor(int listener, const eventloop::EchoSettings& settings) {
    eventloop::EventLoop loop;
    loop.on_signal(SIGINT, [&](int) { loop.stop(); });
    loop.on_signal(SIGTERM, [&](int) { loop.stop(); });
    eventloop::EchoReactor server(loop, listener, settings);
    loop.run();
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-echod");
    try {
        const auto options =
            eventloop::parse_echod_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(eventloop::echod_usage().c_str(), stdout);
            return 0;
        }
        // A write to a client that has gone must fail with EPIPE, not kill the server.
        np::ignore_signal(SIGPIPE);
        eventloop::raise_descriptor_limit();
        np::Fd listener = eventloop::listen_tcp(options.port);
        std::printf("listening on port %u (%s)\n", eventloop::local_port(listener.get()),
                    eventloop::engine_name(options.engine));
        std::fflush(stdout);
        switch (options.engine) {
            case eventloop::Engine::kEpoll:
                run_reactor(listener.get(), options.settings);
                break;
            case eventloop::Engine::kUring:
                eventloop::run_uring_echo(listener.get(), options.settings);
                break;
            case eventloop::Engine::kThreads:
                eventloop::run_threaded_echo(listener.get(), options.settings);
                break;
        }
        return 0;
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-echod --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
