// np-traceroute: shows the routers on the path to a host, as Debian's traceroute does.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "hop_table.hpp"
#include "np/address.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "options.hpp"
#include "tracer.hpp"

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-traceroute");
    traceroute::Options options;
    try {
        options = traceroute::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        return 2;
    }
    if (options.help) {
        std::fputs(traceroute::usage_text().c_str(), stdout);
        return 0;
    }
    np::set_verbose(options.verbose);

    try {
        // Raw sockets need root: open them first, then stop being root.
        traceroute::RawSockets sockets(options.family);
        np::drop_privileges();

        np::SocketAddress target;
        try {
            target = np::resolve(options.host, options.family, SOCK_DGRAM).front();
        } catch (const np::ResolveError& e) {
            np::warn(options.host + ": " + e.what());
            return 2;
        }
        traceroute::Tracer tracer(sockets.take(target.family()), target, options);
        std::string header =
            traceroute::header_line(options.host, target, options.max_ttl, tracer.packet_length());
        std::fputs((header + "\n").c_str(), stdout);
        std::fflush(stdout);
        tracer.run();
        return 0;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
