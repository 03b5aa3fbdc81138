// np-tftpd: a TFTP server with tftpd-hpa's command line, one process per transfer.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/fd.hpp"
#include "np/log.hpp"
#include "tftp_server.hpp"

namespace {

np::Fd open_listener(const np::SocketAddress& address) {
    np::Fd socket(np::check(::socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    const int on = 1, off = 0;
    np::check(::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on),
              "setsockopt SO_REUSEADDR");
    if (address.family() == AF_INET6) {
        np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
                  "setsockopt IPV6_V6ONLY");
    }
    np::check(::bind(socket.get(), address.data(), address.size()), "bind " + address.to_string());
    return socket;
}

// Under inetd the socket is descriptor 0; its address is what the transfers bind to.
np::SocketAddress local_address(int socket) {
    np::SocketAddress address;
    np::check(::getsockname(socket, address.data(), address.size_ptr()),
              "getsockname on descriptor 0 (not started by inetd? use -L)");
    return address;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-tftpd");
    try {
        const auto options =
            tftp::parse_server_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(tftp::server_usage().c_str(), stdout);
            return 0;
        }
        np::set_verbose(options.verbose);
        const tftp::ServedDirectory directory(options.directory, options.allow_create);
        tftp::TransferSettings defaults;
        defaults.timeout = options.timeout;

        if (options.standalone) {
            const auto address = tftp::parse_listen_address(options.address, options.family);
            np::Fd listener = open_listener(address);
            const tftp::ServerContext context{directory, defaults, options.max_retries,
                                              local_address(listener.get())};
            tftp::serve_requests(listener.get(), context, std::nullopt);
        } else {
            const tftp::ServerContext context{directory, defaults, options.max_retries,
                                              local_address(0)};
            tftp::serve_requests(0, context, options.idle);
        }
        return 0;
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-tftpd --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
