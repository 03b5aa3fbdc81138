#pragma once
// Counting what a ping run sent and got back, and the summary iputils prints at the end:
//
//   3 packets transmitted, 2 received, +1 duplicates, 33.3333% packet loss, time 2003ms
//   rtt min/avg/max/mdev = 0.040/0.122/0.260/0.097 ms
//
// Round-trip times are kept in whole microseconds, as iputils keeps them, so the same
// samples give the same digits in both tools.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ping {

class RttStats {
public:
    // One probe sent (or attempted: iputils counts a failed send too).
    void add_transmitted();
    // The first reply to a probe; `rtt` is nullopt when the probe carried no timestamp.
    void add_reply(std::optional<std::chrono::microseconds> rtt);
    // A further reply to a probe already answered. Not a reception, but its RTT counts.
    void add_duplicate(std::optional<std::chrono::microseconds> rtt);
    // An ICMP error about one of our probes.
    void add_error();

    std::int64_t transmitted() const noexcept { return transmitted_; }
    std::int64_t received() const noexcept { return received_; }
    std::int64_t duplicates() const noexcept { return duplicates_; }
    std::int64_t errors() const noexcept { return errors_; }
    // The largest RTT so far, nullopt before the first timed reply.
    std::optional<std::chrono::microseconds> max_rtt() const;

    // "T packets transmitted, R received[, +D duplicates][, +E errors], L% packet loss,
    // time Mms": L = (T - R) * 100 / T printed with %g; with nothing sent the line stops
    // after "R received". `elapsed` is the time from the first probe to the last.
    std::string counts_line(std::chrono::milliseconds elapsed) const;

    // "rtt min/avg/max/mdev = a/b/c/d ms", each with 3 decimals (whole microseconds,
    // truncated), or nullopt when no timed reply came. Replies and duplicates both count.
    // mdev = sqrt(mean of squares - square of mean), computed in integers as iputils
    // does: var = (sum2 - sum * sum / n) / n, then the integer square root.
    std::optional<std::string> rtt_line() const;

private:
    std::int64_t transmitted_ = 0;
    std::int64_t received_ = 0;
    std::int64_t duplicates_ = 0;
    std::int64_t errors_ = 0;
    // Over timed replies and duplicates, in microseconds.
    struct Times {
        std::int64_t samples = 0;
        std::int64_t min = 0;
        std::int64_t max = 0;
        std::int64_t sum = 0;
        std::int64_t sum_squares = 0;
    } times_;
};

// A round-trip time for a reply line, with iputils' precision: below 1 ms three
// decimals ("0.287"), below 10 ms two ("1.23"), below 100 ms one ("20.1"), else none
// ("123"). The time is first taken in whole microseconds; each step rounds to the digits
// it keeps, so 9.996 ms prints as "10.0" and 99.96 ms as "100".
std::string format_time_ms(double ms);

}  // namespace ping
