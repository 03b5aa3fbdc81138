#include <algorithm>
#include <stdexcept>

#include "hop_table.hpp"

// HopTable, given: what became of each probe, when to give one up, and the hops in order.
// What you write of hop_table.hpp, the hop line (format_hop), is in hop_table.cpp.

namespace traceroute {

namespace {

using std::chrono::microseconds;

// Debian's traceroute adds this to a round trip before scaling it: a margin for the
// clock's precision.
constexpr microseconds kWaitPrecision{1000};

np::Clock::duration scaled(microseconds rtt, double factor) {
    return std::chrono::duration_cast<np::Clock::duration>(
        std::chrono::duration<double, std::micro>(
            static_cast<double>((rtt + kWaitPrecision).count()) * factor));
}

}  // namespace

HopTable::HopTable(int first_ttl, int max_ttl, int queries)
    : queries_(static_cast<std::size_t>(queries)),
      begin_(static_cast<std::size_t>(first_ttl - 1) * queries_),
      end_(static_cast<std::size_t>(max_ttl) * queries_),
      printed_(begin_),
      slots_(end_) {
    if (first_ttl < 1 || first_ttl > max_ttl || queries < 1) {
        throw std::invalid_argument("HopTable: bad hop range or query count");
    }
}

int HopTable::ttl_of(std::size_t index) const { return static_cast<int>(index / queries_) + 1; }

bool HopTable::is_sent(std::size_t index) const { return slots_.at(index).sent_at.has_value(); }

bool HopTable::is_done(std::size_t index) const { return slots_.at(index).done; }

void HopTable::mark_sent(std::size_t index, np::Clock::time_point at) {
    slots_.at(index).sent_at = at;
}

bool HopTable::record(std::size_t index, const np::SocketAddress& from, Verdict verdict,
                      std::string annotation, np::Clock::time_point at) {
    if (index < begin_ || index >= end_) return false;
    Slot& slot = slots_[index];
    if (!slot.sent_at || slot.done) return false;
    slot.done = true;
    slot.result.from = from;
    slot.result.rtt =
        std::max(std::chrono::duration_cast<microseconds>(at - *slot.sent_at), microseconds(0));
    slot.result.annotation = std::move(annotation);
    if (verdict != Verdict::kRouter) {
        // The destination (or a wall) is at this hop: its other probes still count.
        end_ = std::min(end_, (index / queries_ + 1) * queries_);
    }
    return true;
}

void HopTable::expire(std::size_t index) { slots_.at(index).done = true; }

np::Clock::time_point HopTable::deadline(std::size_t index, const WaitSpec& wait) const {
    const Slot& slot = slots_.at(index);
    const np::Clock::time_point sent = slot.sent_at.value_or(np::Clock::now());
    const auto longest = std::chrono::duration_cast<np::Clock::duration>(
        std::chrono::duration<double>(wait.max_seconds));
    auto answered = [&](const Slot& other) { return other.done && other.result.from; };
    if (wait.here > 0) {
        const std::size_t first = index - index % queries_;
        for (std::size_t i = first; i < first + queries_; ++i) {
            if (answered(slots_[i])) {
                return sent + std::min(longest, scaled(slots_[i].result.rtt, wait.here));
            }
        }
    }
    if (wait.near > 0) {
        for (std::size_t i = index + 1; i < slots_.size() && slots_[i].sent_at; ++i) {
            if (answered(slots_[i])) {
                return sent + std::min(longest, scaled(slots_[i].result.rtt, wait.near));
            }
        }
    }
    return sent + longest;
}

std::optional<std::pair<int, std::vector<ProbeResult>>> HopTable::next_complete_hop() {
    if (finished()) return std::nullopt;
    const std::size_t hop_end = printed_ + queries_;
    for (std::size_t i = printed_; i < hop_end; ++i) {
        if (!slots_[i].done) return std::nullopt;
    }
    std::vector<ProbeResult> results;
    for (std::size_t i = printed_; i < hop_end; ++i) results.push_back(slots_[i].result);
    const int ttl = ttl_of(printed_);
    printed_ = hop_end;
    return std::make_pair(ttl, std::move(results));
}

}  // namespace traceroute
