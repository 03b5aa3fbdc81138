#include "hop_table.hpp"

#include <cstdio>

// What you write of hop_table.hpp: the hop line. The rest (HopTable, the header line,
// show_address) is given, in hop_table_state.cpp and header_line.cpp.

namespace traceroute {

namespace {

[[maybe_unused]] std::string milliseconds(std::chrono::microseconds rtt) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.3f", static_cast<double>(rtt.count()) / 1000.0);
    return text;
}

}  // namespace

// Milestone 3: the hop line.
std::string format_hop(
    [[maybe_unused]] int ttl, [[maybe_unused]] std::span<const ProbeResult> probes,
    [[maybe_unused]] const std::function<std::string(const np::SocketAddress&)>& show) {
    // TODO(student): "%2d " and then, probe by probe, " *" for no answer, else the address
    // (through `show`) when it is the hop's first answer or differs from the previous
    // answer, "  %.3f ms" (milliseconds() above helps) and " " + annotation if any.
    return "";
}

}  // namespace traceroute
