#pragma once
// The sockets np-traceroute talks through, and the loop that keeps up to -N probes in
// flight, gives each up at its deadline, and prints the hops in order as they complete.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hop_table.hpp"
#include "icmp_match.hpp"
#include "np/address.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "options.hpp"

namespace traceroute {

// The raw ICMP sockets of the families np-traceroute may use, opened first of all, so that
// a set-uid np-traceroute can give up root right after. Every ICMP error and echo reply
// reaching the host arrives on them; UDP probes need one as much as ICMP probes do.
class RawSockets {
public:
    // family: AF_INET, AF_INET6, or AF_UNSPEC for both. A failure to open the only family
    // asked for (or both) throws at once; with AF_UNSPEC one failure waits until that
    // family is taken.
    explicit RawSockets(int family);
    // The socket for `family`, moved out; rethrows why it could not be opened.
    np::Fd take(int family);

private:
    np::Fd v4_, v6_;
    std::exception_ptr v4_error_, v6_error_;
};

// One datagram from the raw socket: its bytes, its sender, when it came.
struct Datagram {
    std::span<const std::byte> bytes;
    np::SocketAddress from;
    np::Clock::time_point received_at;
};

class Tracer {
public:
    // `raw`: the raw ICMP socket of target's family. Opens the UDP socket that sends UDP
    // probes (bound to a port of its own: the source port that names our probes) and
    // installs the ICMP filter on `raw`.
    Tracer(np::Fd raw, np::SocketAddress target, Options options);

    // The packet length the header announces: the packet_length operand (default 60,
    // IPv6 80), at least the headers.
    std::size_t packet_length() const noexcept { return packet_length_; }

    // Traces: sends, receives, gives up, and prints each hop line in order, until the
    // hop where the destination (or an unreachable error) answered, or -m.
    void run();

private:
    void send_probe(std::size_t index);
    void set_ttl(int fd, int ttl);
    void wait_for_input(np::Clock::time_point until);
    void receive_all();
    std::optional<Datagram> receive();
    void handle(const Datagram& datagram);
    void print_complete_hops();

    np::Fd raw_;
    np::Fd udp_;  // UDP probes only
    np::SocketAddress target_;
    Options options_;
    std::size_t packet_length_;
    OurProbes probes_;
    HopTable table_;
    std::vector<std::byte> data_;  // every probe's data
    std::vector<std::byte> buffer_;
};

}  // namespace traceroute
