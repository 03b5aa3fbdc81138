// np-udpcli: sends UDP datagrams from an unconnected socket and reports the ICMP errors
// that come back about them, through np-icmpd or with --recverr through IP_RECVERR.

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "command_lines.hpp"
#include "error_record.hpp"
#include "icmpd_client.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/clock.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "recverr.hpp"
#include "udp_socket.hpp"

namespace {

using icmpd::ErrorRecord;

// What np-udpcli has sent and heard.
class Session {
public:
    explicit Session(std::vector<np::SocketAddress> destinations)
        : destinations_(std::move(destinations)) {}

    const std::vector<np::SocketAddress>& destinations() const { return destinations_; }

    void report(const ErrorRecord& record) {
        std::printf("%s\n", icmpd::error_line(record).c_str());
        std::fflush(stdout);  // a line as soon as the error is known
        ++errors_;
        if (std::find(destinations_.begin(), destinations_.end(), record.destination) !=
            destinations_.end()) {
            heard_from_.push_back(record.destination);
        }
    }

    // Every destination has reported an error: nothing more to wait for.
    bool complete() const {
        return std::all_of(destinations_.begin(), destinations_.end(), [&](const auto& d) {
            return std::find(heard_from_.begin(), heard_from_.end(), d) != heard_from_.end();
        });
    }

    int exit_status() const { return errors_ > 0 ? 1 : 0; }

private:
    std::vector<np::SocketAddress> destinations_;
    std::vector<np::SocketAddress> heard_from_;
    int errors_ = 0;
};

// One socket per address family among the destinations.
std::map<int, np::Fd> open_sockets(const Session& session, const icmpd::ClientOptions& options) {
    std::map<int, np::Fd> sockets;
    for (const auto& destination : session.destinations()) {
        if (!sockets.contains(destination.family())) {
            sockets.emplace(destination.family(),
                            icmpd::open_udp_socket(destination.family(), options));
        }
    }
    return sockets;
}

void send_all(Session& session, const std::map<int, np::Fd>& sockets,
              const icmpd::ClientOptions& options, bool drain_first) {
    for (const auto& destination : session.destinations()) {
        const int fd = sockets.at(destination.family()).get();
        int error = icmpd::send_datagram(fd, destination, options.length);
        // With IP_RECVERR a queued error also fails the socket's next call once, whatever
        // its destination: take the queued errors, then try again.
        if (error != 0 && drain_first) {
            while (auto record = icmpd::read_queued_error(fd)) session.report(*record);
            error = icmpd::send_datagram(fd, destination, options.length);
        }
        if (error != 0) {
            np::warn("sendto " + destination.to_string() + ": " + np::errno_text(error));
        }
    }
}

int through_icmpd(Session& session, const icmpd::ClientOptions& options) {
    const auto sockets = open_sockets(session, options);
    icmpd::IcmpdClient daemon(options.socket_path);
    for (const auto& [family, socket] : sockets) daemon.register_socket(socket.get());
    send_all(session, sockets, options, false);

    const np::Deadline deadline(options.wait);
    while (!session.complete() && !deadline.expired()) {
        pollfd waiting{daemon.fd(), POLLIN, 0};
        const int ready = poll(&waiting, 1, deadline.poll_timeout_ms());
        if (ready == -1 && errno == EINTR) continue;
        np::check(ready, "poll");
        if (ready == 0) break;
        const auto records = daemon.read_records();
        if (!records) throw std::runtime_error("np-icmpd hung up");
        for (const ErrorRecord& record : *records) session.report(record);
    }
    return session.exit_status();
}

int through_recverr(Session& session, const icmpd::ClientOptions& options) {
    const auto sockets = open_sockets(session, options);
    for (const auto& [family, socket] : sockets) icmpd::enable_recverr(socket.get(), family);
    send_all(session, sockets, options, true);

    const np::Deadline deadline(options.wait);
    while (!session.complete() && !deadline.expired()) {
        std::vector<pollfd> waiting;
        waiting.reserve(sockets.size());
        // Errors show as POLLERR, which poll reports whatever the events asked for.
        for (const auto& [family, socket] : sockets) waiting.push_back({socket.get(), 0, 0});
        const int ready = poll(waiting.data(), waiting.size(), deadline.poll_timeout_ms());
        if (ready == -1 && errno == EINTR) continue;
        np::check(ready, "poll");
        if (ready == 0) break;
        for (const pollfd& p : waiting) {
            if ((p.revents & POLLERR) == 0) continue;
            while (auto record = icmpd::read_queued_error(p.fd)) session.report(*record);
        }
    }
    return session.exit_status();
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-udpcli");
    icmpd::ClientOptions options;
    try {
        options = icmpd::parse_client_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(icmpd::client_usage_text().c_str(), stdout);
            return 0;
        }
        std::vector<np::SocketAddress> destinations;
        for (const auto& destination : options.destinations) {
            try {
                destinations.push_back(icmpd::resolve_destination(destination));
            } catch (const np::ResolveError& e) {
                throw np::UsageError(destination.host + ": " + e.what());
            }
        }
        Session session(std::move(destinations));
        return options.recverr ? through_recverr(session, options)
                               : through_icmpd(session, options);
    } catch (const std::exception& e) {
        np::warn(e.what());
    }
    return 2;
}
