#pragma once
// The command lines of np-capture and np-pfcapture: tcpdump's options, the filter
// expression from the remaining arguments.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace datalink {

inline constexpr std::uint32_t kDefaultSnaplen = 262144;  // tcpdump's, also for -s 0

struct CaptureOptions {
    std::string interface;                    // -i
    bool list_interfaces = false;             // -D (np-capture)
    std::optional<std::uint64_t> count;       // -c: stop after this many packets
    std::uint32_t snaplen = kDefaultSnaplen;  // -s: bytes kept of each packet
    bool promiscuous = true;                  // -p turns it off
    bool link_header = false;                 // -e
    bool quiet = false;                       // -q
    bool packet_buffered = false;             // -U: write each packet out at once
    std::string write_file;                   // -w
    std::string read_file;                    // -r (np-capture)
    std::uint32_t buffer_kib = 4096;          // -B: kernel buffer (np-pfcapture: the ring)
    std::string program_file;                 // -F: a compiled BPF program (np-pfcapture)
    bool dump_program = false;                // -d: print the compiled program (np-pfcapture)
    std::string filter;                       // the operands, joined by spaces
    bool help = false;
};

// Both throw np::UsageError with a one-line message for anything wrong.
CaptureOptions parse_capture_options(const std::vector<std::string>& args);
CaptureOptions parse_pfcapture_options(const std::vector<std::string>& args);

std::string capture_usage();
std::string pfcapture_usage();

}  // namespace datalink
