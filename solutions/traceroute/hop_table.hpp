#pragma once
// What became of every probe, hop by hop, and the lines that show it, exactly as Debian's
// traceroute prints them:
//
//   traceroute to 10.0.5.2 (10.0.5.2), 30 hops max, 60 byte packets
//    1  10.0.0.2  0.056 ms  0.008 ms  0.006 ms
//    2  * * *
//    3  10.0.2.2  0.029 ms !H  0.010 ms !H *
//
// Probes may be answered in any order (several are out at once), but hops are printed
// strictly in order, each once all its probes are answered or given up.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icmp_match.hpp"
#include "np/address.hpp"
#include "np/clock.hpp"
#include "options.hpp"

namespace traceroute {

// One probe's fate: who answered (nullopt: nobody, a "*"), after how long, with what
// annotation ("!H", ...; empty for none).
struct ProbeResult {
    std::optional<np::SocketAddress> from;
    std::chrono::microseconds rtt{};
    std::string annotation;
};

// How an address appears in a hop line: "10.0.0.2" with `numeric`, else
// "name (10.0.0.2)", the name being the address itself when it has none.
std::string show_address(const np::SocketAddress& address, bool numeric);

// "traceroute to HOST (ADDR), MAX hops max, LEN byte packets".
std::string header_line(std::string_view host, const np::SocketAddress& target, int max_ttl,
                        std::size_t packet_length);

// One hop's line: the hop number as "%2d ", then for each probe in order:
//   - no answer: " *";
//   - an answer: " " + show(from) when it is the first answered probe of the hop or its
//     address differs from the last answered probe before it; then the round trip as
//     "  %.3f ms"; then " " + annotation when there is one.
// So " 1  10.0.0.2  0.056 ms  0.008 ms  0.006 ms" and " 2  * 10.0.1.2  0.027 ms *".
std::string format_hop(int ttl, std::span<const ProbeResult> probes,
                       const std::function<std::string(const np::SocketAddress&)>& show);

class HopTable {
public:
    // Probes for hops first_ttl .. max_ttl, `queries` per hop, numbered as probe.hpp says.
    HopTable(int first_ttl, int max_ttl, int queries);

    // The first probe of the trace, and one past the last probe still wanted: the end
    // moves back to the end of a hop whose probe got a final answer (the destination, or
    // an unreachable error).
    std::size_t begin() const noexcept { return begin_; }
    std::size_t end() const noexcept { return end_; }
    // Every probe number that exists, for ProbeNaming::count.
    std::size_t size() const noexcept { return slots_.size(); }
    int ttl_of(std::size_t index) const;

    bool is_sent(std::size_t index) const;
    bool is_done(std::size_t index) const;
    void mark_sent(std::size_t index, np::Clock::time_point at);
    // Records an answer to a probe sent and not yet done; returns false (and records
    // nothing) otherwise: a duplicate, or a probe we never sent or gave up on.
    bool record(std::size_t index, const np::SocketAddress& from, Verdict verdict,
                std::string annotation, np::Clock::time_point at);
    // Gives a probe up: it will show as "*".
    void expire(std::size_t index);

    // When a sent, unanswered probe is to be given up, as Debian's traceroute decides:
    // MAX seconds after sending; but if a probe of the same hop was answered, HERE times
    // its round trip (plus 1 ms), or else if a later probe was, NEAR times its round trip
    // (plus 1 ms) -- never later than MAX.
    np::Clock::time_point deadline(std::size_t index, const WaitSpec& wait) const;

    // The next hop to print, in order, once all its probes are done; each hop once.
    std::optional<std::pair<int, std::vector<ProbeResult>>> next_complete_hop();
    // Every hop up to the end has been handed out by next_complete_hop.
    bool finished() const noexcept { return printed_ >= end_; }

private:
    struct Slot {
        std::optional<np::Clock::time_point> sent_at;
        bool done = false;
        ProbeResult result;
    };

    std::size_t queries_;
    std::size_t begin_;
    std::size_t end_;
    std::size_t printed_;  // probes of the hops already handed out
    std::vector<Slot> slots_;
};

}  // namespace traceroute
