#include "rtt_stats.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

namespace ping {

namespace {

// floor(sqrt(n)) in integers, as iputils takes the square root of the variance.
std::int64_t integer_sqrt(std::int64_t n) {
    if (n <= 0) return 0;
    auto root = static_cast<std::int64_t>(std::sqrt(static_cast<double>(n)));
    while (root * root > n) --root;  // the double may be one off either way
    while ((root + 1) * (root + 1) <= n) ++root;
    return root;
}

// Microseconds as milliseconds with 3 decimals: 1234 -> "1.234".
std::string milliseconds_3(std::int64_t us) {
    char text[32];
    std::snprintf(text, sizeof(text), "%lld.%03lld", static_cast<long long>(us / 1000),
                  static_cast<long long>(us % 1000));
    return text;
}

}  // namespace

void RttStats::add_transmitted() { ++transmitted_; }

void RttStats::add_reply(std::optional<std::chrono::microseconds> rtt) {
    ++received_;
    if (!rtt) return;
    const std::int64_t us = rtt->count();
    times_.min = times_.samples == 0 ? us : std::min(times_.min, us);
    times_.max = times_.samples == 0 ? us : std::max(times_.max, us);
    times_.sum += us;
    times_.sum_squares += us * us;
    ++times_.samples;
}

void RttStats::add_duplicate(std::optional<std::chrono::microseconds> rtt) {
    // iputils folds a duplicate's time into the statistics, then takes back the reception.
    add_reply(rtt);
    --received_;
    ++duplicates_;
}

void RttStats::add_error() { ++errors_; }

std::optional<std::chrono::microseconds> RttStats::max_rtt() const {
    if (times_.samples == 0) return std::nullopt;
    return std::chrono::microseconds(times_.max);
}

std::string RttStats::counts_line(std::chrono::milliseconds elapsed) const {
    std::string line = std::to_string(transmitted_) + " packets transmitted, " +
                       std::to_string(received_) + " received";
    if (duplicates_ > 0) line += ", +" + std::to_string(duplicates_) + " duplicates";
    if (errors_ > 0) line += ", +" + std::to_string(errors_) + " errors";
    if (transmitted_ > 0) {
        // iputils rounds the percentage to a float before printing it with %g.
        const auto loss = static_cast<float>(static_cast<double>(transmitted_ - received_) * 100.0 /
                                             static_cast<double>(transmitted_));
        char text[64];
        std::snprintf(text, sizeof(text), ", %g%% packet loss, time %lldms",
                      static_cast<double>(loss), static_cast<long long>(elapsed.count()));
        line += text;
    }
    return line;
}

std::optional<std::string> RttStats::rtt_line() const {
    if (times_.samples == 0) return std::nullopt;
    const std::int64_t n = times_.samples;
    const std::int64_t sum = times_.sum;
    const std::int64_t average = sum / n;
    // Subtracting before dividing keeps small times exact; the sum of squares cannot
    // overflow at any RTT a ping run could see, but the square of a huge sum could.
    const std::int64_t variance = sum < INT_MAX ? (times_.sum_squares - sum * sum / n) / n
                                                : times_.sum_squares / n - average * average;
    return "rtt min/avg/max/mdev = " + milliseconds_3(times_.min) + "/" + milliseconds_3(average) +
           "/" + milliseconds_3(times_.max) + "/" + milliseconds_3(integer_sqrt(variance)) + " ms";
}

std::string format_time_ms(double ms) {
    const auto us = static_cast<long long>(std::llround(ms * 1000.0));
    char text[32];
    if (us >= 100'000 - 50) {
        std::snprintf(text, sizeof(text), "%lld", (us + 500) / 1000);
    } else if (us >= 10'000 - 5) {
        std::snprintf(text, sizeof(text), "%lld.%01lld", (us + 50) / 1000, (us + 50) % 1000 / 100);
    } else if (us >= 1'000) {
        std::snprintf(text, sizeof(text), "%lld.%02lld", (us + 5) / 1000, (us + 5) % 1000 / 10);
    } else {
        std::snprintf(text, sizeof(text), "%lld.%03lld", us / 1000, us % 1000);
    }
    return text;
}

}  // namespace ping
