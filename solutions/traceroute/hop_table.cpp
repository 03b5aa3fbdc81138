#include "hop_table.hpp"

#include <cstdio>

// What you write of hop_table.hpp: the hop line. The rest (HopTable, the header line,
// show_address) is given, in hop_table_state.cpp and header_line.cpp.

namespace traceroute {

namespace {

std::string milliseconds(std::chrono::microseconds rtt) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.3f", static_cast<double>(rtt.count()) / 1000.0);
    return text;
}

}  // namespace

std::string format_hop(int ttl, std::span<const ProbeResult> probes,
                       const std::function<std::string(const np::SocketAddress&)>& show) {
    char number[16];
    std::snprintf(number, sizeof(number), "%2d ", ttl);
    std::string line = number;
    const np::SocketAddress* previous = nullptr;  // the last answered probe's address
    for (const ProbeResult& probe : probes) {
        if (!probe.from) {
            line += " *";
            continue;
        }
        if (previous == nullptr || !(*previous == *probe.from)) line += " " + show(*probe.from);
        previous = &*probe.from;
        line += "  " + milliseconds(probe.rtt) + " ms";
        if (!probe.annotation.empty()) line += " " + probe.annotation;
    }
    return line;
}

}  // namespace traceroute
