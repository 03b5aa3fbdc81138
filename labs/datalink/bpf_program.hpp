#pragma once
// Classic BPF programs for SO_ATTACH_FILTER: compiled from a tcpdump expression by
// libpcap's compiler, or read from tcpdump -ddd's text ("4" then "40 0 0 12" ...).

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace datalink {

using BpfProgram = std::vector<sock_filter>;

// pcap_compile on a "dead" Ethernet handle: the filter a capture of `snaplen` bytes would
// get, each accepting instruction returning the snapshot length. Throws std::runtime_error
// with libpcap's message ("syntax error") for a bad expression.
BpfProgram compile_filter(const std::string& expression, std::uint32_t snaplen);

// tcpdump -ddd's format: the instruction count, then one "code jt jf k" line each, in
// decimal. Throws np::ParseError naming the line that is wrong.
BpfProgram parse_program(std::string_view text);
std::string program_text(const BpfProgram& program);

}  // namespace datalink
