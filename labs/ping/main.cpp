// np-ping: sends ICMP echo requests and reports the replies, as iputils ping does.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "np/address.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pinger.hpp"

namespace {

// The first address getaddrinfo gives for the destination (of the family -4/-6 chose).
np::SocketAddress resolve_target(const std::string& host, int family) {
    return np::resolve(host, family, SOCK_RAW).front();
}

void print_summary(const std::string& host, const ping::Pinger& pinger) {
    ping::print_line("");
    ping::print_line("--- " + host + " ping statistics ---");
    ping::print_line(pinger.stats().counts_line(pinger.elapsed()));
    // Without an RTT line iputils still ends the summary with an empty line.
    ping::print_line(pinger.stats().rtt_line().value_or(""));
}

// iputils' exit status: 0 if a reply came; 1 if none did, or if -w ran out before the
// -c replies came.
int exit_status(const ping::Options& options, const ping::RttStats& stats) {
    const bool none = stats.received() == 0;
    const bool short_of_count =
        options.deadline && options.count && stats.received() < *options.count;
    return none || short_of_count ? 1 : 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-ping");
    ping::Options options;
    try {
        options = ping::parse_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(ping::usage_text().c_str(), stdout);
            return 0;
        }
        np::set_verbose(options.verbose);

        // Raw sockets need root: open them first, then stop being root.
        ping::IcmpSockets sockets(options.family);
        np::drop_privileges();

        const np::SocketAddress target = resolve_target(options.host, options.family);
        // A numeric destination is shown numerically throughout, as iputils does.
        if (np::SocketAddress::parse_numeric(options.host)) options.numeric = true;
        ping::IcmpSocket socket = sockets.take(target.family());
        const auto source = ping::configure_socket(socket, options, target);

        ping::Pinger pinger(std::move(socket), target, options);
        ping::print_line(ping::header_line(options.host, target, options.size, source));
        pinger.run();
        print_summary(options.host, pinger);
        return exit_status(options, pinger.stats());
    } catch (const np::ResolveError& e) {
        np::warn(options.host + ": " + e.what());
    } catch (const std::exception& e) {
        np::warn(e.what());
    }
    return 2;
}
