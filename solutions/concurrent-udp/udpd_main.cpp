// np-udpd: a UDP server that forks a child per request (the first kind of concurrent UDP
// server). A request "delay MS ..." is answered MS milliseconds later.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "fork_server.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/fd.hpp"
#include "np/log.hpp"
#include "np/numbers.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: np-udpd [-4|-6] [-a ADDRESS] [-p PORT] [-v]\n"
    "Answers each UDP datagram from a child process of its own with 'pid PID: REQUEST'.\n"
    "A request that starts with 'delay MS' is answered MS milliseconds later.\n"
    "  -a ADDRESS  address to listen on (default: all, IPv4 and IPv6)\n"
    "  -p PORT     port to listen on (default 7777)\n"
    "  -v          tell on stderr which child serves which request\n";

struct Options {
    int family = AF_UNSPEC;
    std::string address;
    std::uint16_t port = 7777;
    bool verbose = false;
    bool help = false;
};

Options parse(const std::vector<std::string>& args) {
    Options options;
    const auto operands = np::read_command_line(
        args, {"46vh", "ap", {{"help", 'h'}}}, [&](char c, std::string_view v) {
            if (c == '4') options.family = AF_INET;
            if (c == '6') options.family = AF_INET6;
            if (c == 'v') options.verbose = true;
            if (c == 'h') options.help = true;
            if (c == 'a') options.address = v;
            if (c == 'p') options.port = np::parse_number<std::uint16_t>(v, 1, 65535, "port");
        });
    if (!operands.empty()) throw np::UsageError("unexpected operand '" + operands.front() + "'");
    return options;
}

np::Fd open_socket(const Options& options) {
    np::SocketAddress address;
    if (options.address.empty()) {
        address = *np::SocketAddress::parse_numeric(options.family == AF_INET ? "0.0.0.0" : "::");
    } else {
        address = np::resolve(options.address, options.family, SOCK_DGRAM).front();
    }
    address.set_port(options.port);
    np::Fd socket(np::check(::socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    if (address.family() == AF_INET6) {
        const int off = 0;
        np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
                  "setsockopt IPV6_V6ONLY");
    }
    np::check(::bind(socket.get(), address.data(), address.size()), "bind " + address.to_string());
    return socket;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-udpd");
    try {
        const Options options = parse(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        np::set_verbose(options.verbose);
        np::Fd socket = open_socket(options);
        concurrent::serve_forking(socket.get());
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-udpd --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
