#include "output.hpp"

#include <array>
#include <cstdio>
#include <string_view>

#include "np/icmp.hpp"
#include "rtt_stats.hpp"

namespace ping {

namespace {

// iputils' words for each code of destination unreachable.
constexpr std::array<std::string_view, 16> kUnreachable4 = {
    "Destination Net Unreachable",
    "Destination Host Unreachable",
    "Destination Protocol Unreachable",
    "Destination Port Unreachable",
    "Frag needed and DF set",  // followed by " (mtu = N)"
    "Source Route Failed",
    "Destination Net Unknown",
    "Destination Host Unknown",
    "Source Host Isolated",
    "Destination Net Prohibited",
    "Destination Host Prohibited",
    "Destination Net Unreachable for Type of Service",
    "Destination Host Unreachable for Type of Service",
    "Packet filtered",
    "Precedence Violation",
    "Precedence Cutoff",
};
constexpr std::array<std::string_view, 7> kUnreachable6 = {
    "No route",
    "Administratively prohibited",
    "Beyond scope of source address",
    "Address unreachable",
    "Port unreachable",
    "Source address failed ingress/egress policy",
    "Reject route to destination",
};

std::string describe_ipv4(const IcmpError& error) {
    const std::string code = std::to_string(error.code);
    switch (error.type) {
        case np::icmp::kDestUnreachable:
            if (error.code == np::icmp::unreachable::kFragNeeded) {
                return "Frag needed and DF set (mtu = " + std::to_string(error.mtu) + ")";
            }
            if (error.code < kUnreachable4.size()) return std::string(kUnreachable4[error.code]);
            return "Dest Unreachable, Bad Code: " + code;
        case np::icmp::kTimeExceeded:
            if (error.code == np::icmp::time_exceeded::kInTransit) return "Time to live exceeded";
            if (error.code == np::icmp::time_exceeded::kReassembly)
                return "Frag reassembly time exceeded";
            return "Time exceeded, Bad Code: " + code;
        case np::icmp::kParameterProblem:
            return "Parameter problem: pointer = " + std::to_string(error.pointer);
        default:
            return "Bad ICMP type: " + std::to_string(error.type);
    }
}

std::string describe_ipv6(const IcmpError& error) {
    const std::string code = std::to_string(error.code);
    switch (error.type) {
        case np::icmp6::kDestUnreachable:
            if (error.code < kUnreachable6.size()) {
                return "Destination unreachable: " + std::string(kUnreachable6[error.code]);
            }
            return "Destination unreachable: Unknown code " + code;
        case np::icmp6::kPacketTooBig:
            return "Packet too big: mtu=" + std::to_string(error.mtu) +
                   (error.code != 0 ? ", code=" + code : "");
        case np::icmp6::kTimeExceeded:
            if (error.code == np::icmp6::time_exceeded::kHopLimit)
                return "Time exceeded: Hop limit";
            if (error.code == np::icmp6::time_exceeded::kReassembly)
                return "Time exceeded: Defragmentation failure";
            return "Time exceeded: code " + code;
        case np::icmp6::kParameterProblem: {
            static constexpr std::array<std::string_view, 3> kProblems = {
                "Wrong header field ", "Unknown header ", "Unknown option "};
            const std::string problem = error.code < kProblems.size()
                                            ? std::string(kProblems[error.code])
                                            : "code " + code + " ";
            return "Parameter problem: " + problem + "at " + std::to_string(error.pointer);
        }
        default:
            return "unknown icmp type: " + std::to_string(error.type);
    }
}

}  // namespace

std::string header_line(std::string_view host, const np::SocketAddress& target, std::size_t size,
                        const std::optional<Source>& source) {
    const bool v4 = target.family() == AF_INET;
    std::string line = "PING " + std::string(host) + (v4 ? " (" : "(") + target.host() + ") ";
    if (source) line += "from " + source->address + " " + source->device + ": ";
    if (v4) {
        line += std::to_string(size) + "(" + std::to_string(size + 8 + 20) + ") bytes of data.";
    } else {
        line += std::to_string(size) + " data bytes";
    }
    return line;
}

std::string peer_name(const np::SocketAddress& peer, bool numeric) {
    // Replies come from the same few addresses: remember the last lookup, as iputils does.
    static np::SocketAddress last_peer;
    static std::string last_text;
    if (numeric) return peer.host();
    if (!(peer == last_peer) || last_text.empty()) {
        const std::string address = peer.host();
        const std::string name = np::reverse_name(peer);
        last_peer = peer;
        last_text = name == address ? address : name + " (" + address + ")";
    }
    return last_text;
}

std::string reply_line(const ReplyLine& reply) {
    std::string line = std::to_string(reply.bytes) + " bytes from " + reply.from +
                       ": icmp_seq=" + std::to_string(reply.sequence);
    if (reply.ttl) line += " ttl=" + std::to_string(*reply.ttl);
    if (reply.truncated) return line + " (truncated)";
    if (reply.rtt)
        line += " time=" + format_time_ms(static_cast<double>(reply.rtt->count()) / 1000.0) + " ms";
    if (reply.duplicate) line += " (DUP!)";
    return line;
}

std::string error_line(std::string_view from, std::uint16_t sequence, std::string_view what) {
    return "From " + std::string(from) + " icmp_seq=" + std::to_string(sequence) + " " +
           std::string(what);
}

std::string describe_error(const IcmpError& error) {
    return error.family == AF_INET ? describe_ipv4(error) : describe_ipv6(error);
}

void print_line(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace ping
