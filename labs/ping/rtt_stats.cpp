#include "rtt_stats.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

namespace ping {

// Milestone 5: the statistics. Read the comments in rtt_stats.hpp: the digits must be
// exactly iputils' digits, so follow its integer arithmetic, not your own formula.

void RttStats::add_transmitted() {
    // TODO(student): count the probe.
}

void RttStats::add_reply([[maybe_unused]] std::optional<std::chrono::microseconds> rtt) {
    // TODO(student): count the reception; if there is an RTT, fold it into min, max, the
    // sum and the sum of squares (all in whole microseconds).
}

void RttStats::add_duplicate([[maybe_unused]] std::optional<std::chrono::microseconds> rtt) {
    // TODO(student): count the duplicate; its RTT counts like a reply's, but it is not a
    // reception.
}

void RttStats::add_error() {
    // TODO(student): count the error.
}

std::optional<std::chrono::microseconds> RttStats::max_rtt() const {
    // TODO(student): the largest RTT, nullopt before the first timed reply.
    return std::nullopt;
}

std::string RttStats::counts_line([[maybe_unused]] std::chrono::milliseconds elapsed) const {
    // TODO(student): "3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms",
    // with ", +D duplicates" and ", +E errors" after "received" when they are not 0. The loss
    // is printed with "%g" after a conversion to float, as iputils does.
    return "";
}

std::optional<std::string> RttStats::rtt_line() const {
    // TODO(student): "rtt min/avg/max/mdev = 0.040/0.122/0.260/0.097 ms" over replies and
    // duplicates: avg = sum / n, variance = (sum2 - sum * sum / n) / n (integers), mdev =
    // its integer square root; nullopt if no timed reply came.
    return std::nullopt;
}

std::string format_time_ms([[maybe_unused]] double ms) {
    // TODO(student): take the time in whole microseconds (round), then: below 1000 us
    // "%ld.%03ld"; below 9995 us two decimals rounded; below 99950 us one decimal rounded;
    // else whole milliseconds rounded.
    return "";
}

}  // namespace ping
