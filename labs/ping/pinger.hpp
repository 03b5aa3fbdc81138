#pragma once
// The sockets np-ping talks through and the loop that sends probes on a timer while it
// waits for replies.

#include <bitset>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <vector>

#include "icmp_echo.hpp"
#include "np/address.hpp"
#include "np/clock.hpp"
#include "np/fd.hpp"
#include "np/signals.hpp"
#include "options.hpp"
#include "output.hpp"
#include "rtt_stats.hpp"

namespace ping {

struct IcmpSocket {
    np::Fd fd;
    int family = AF_INET;
    // A raw socket (root): we choose the identifier, see every ICMP message the host
    // receives, and on IPv4 read IP headers. Otherwise an ICMP datagram ("ping") socket:
    // the kernel sets the identifier to the socket's port, fills in the checksum and
    // passes us only the replies and errors that belong to this socket.
    bool raw = true;
    std::uint16_t identifier = 0;  // raw: getpid() & 0xffff; datagram: the kernel's
};

// A raw ICMP (ICMPv6) socket, or, when that is not permitted (EPERM, EACCES), an ICMP
// datagram socket, which net.ipv4.ping_group_range may allow. Throws std::system_error,
// or std::runtime_error with advice when neither kind is permitted.
IcmpSocket open_icmp_socket(int family);

// The sockets of the families np-ping may use, opened before the destination is known:
// opening comes first so that a set-uid np-ping can give up root right after.
class IcmpSockets {
public:
    // family: AF_INET, AF_INET6, or AF_UNSPEC for both. A failure to open the only
    // family asked for (or both) throws at once; with AF_UNSPEC one failure waits until
    // that family is taken.
    explicit IcmpSockets(int family);
    // The socket for `family`, moved out; rethrows why it could not be opened.
    IcmpSocket take(int family);

private:
    std::optional<IcmpSocket> v4_, v6_;
    std::exception_ptr v4_error_, v6_error_;
};

// Sets up `socket` for pinging `target` with `options`: TTL or hop limit, kernel receive
// timestamps, the ancillary data that carries the TTL where no IP header does, the ICMP
// filters of raw sockets, the error queue of datagram sockets, and -I (a device name
// binds to the device, an address binds the source). With -I, returns what the header
// shows as the source.
std::optional<Source> configure_socket(const IcmpSocket& socket, const Options& options,
                                       const np::SocketAddress& target);

// What `socket` delivers: with or without an IP header, IPv4 or IPv6.
Framing framing_for(const IcmpSocket& socket);

// One datagram as recvmsg delivered it, with what the ancillary data said about it.
struct Datagram {
    std::span<const std::byte> bytes;
    np::SocketAddress from;
    std::optional<int> ttl;                   // IP_TTL / IPV6_HOPLIMIT, when sent
    std::chrono::microseconds received_at{};  // wall clock: SO_TIMESTAMP, else read at once
};

class Pinger {
public:
    // `target` is where the probes go; options.numeric decides how peers are shown.
    Pinger(IcmpSocket socket, np::SocketAddress target, Options options);

    // Sends a probe every -i seconds and reports what comes back until -c probes are
    // answered (or given up on), -w expires, or SIGINT arrives.
    void run();

    const RttStats& stats() const noexcept { return stats_; }
    // From the first probe to the last, rounded to milliseconds: the summary's "time".
    std::chrono::milliseconds elapsed() const;

private:
    bool more_to_send() const;
    np::Clock::duration linger() const;
    void wait_for_input(np::Clock::time_point until);
    void send_probe();
    void receive_all();
    std::optional<Datagram> receive();
    void handle(const Datagram& datagram);
    void on_reply(const EchoReply& reply, const Datagram& datagram);
    void on_error(const IcmpError& error, const np::SocketAddress& from);
    int drain_error_queue();
    void ignore(const Datagram& datagram, const std::string& reason) const;
    bool was_sent(std::uint16_t sequence) const;

    IcmpSocket socket_;
    np::SocketAddress target_;
    Options options_;
    np::SignalFd signals_;
    RttStats stats_;
    std::bitset<65536> answered_;  // by sequence number: has a reply come already?
    std::uint64_t sent_ = 0;       // probes sent; the last one's sequence is sent_ % 65536
    np::Clock::time_point start_{}, last_send_{}, next_send_{};
    bool interrupted_ = false;
    std::vector<std::byte> buffer_;
};

}  // namespace ping
