#pragma once
// The loop that sends probes on a timer while it waits for replies (the sockets it talks
// through are in icmp_socket.hpp).

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "icmp_echo.hpp"
#include "icmp_socket.hpp"
#include "np/address.hpp"
#include "np/clock.hpp"
#include "np/signals.hpp"
#include "options.hpp"
#include "output.hpp"
#include "rtt_stats.hpp"

namespace ping {

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
