#include "options.hpp"

#include <string_view>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace datalink {

namespace {

// What both tools accept the same way.
void apply_common(CaptureOptions& options, char option, std::string_view value) {
    switch (option) {
        case 'h':
            options.help = true;
            break;
        case 'i':
            if (value.empty()) throw np::UsageError("invalid interface: ''");
            options.interface = value;
            break;
        case 'c':
            options.count = np::parse_at_least<std::uint64_t>(value, 1, "count");
            break;
        case 's': {
            const auto snaplen =
                np::parse_number<std::uint32_t>(value, 0, kDefaultSnaplen, "snapshot length");
            options.snaplen = snaplen == 0 ? kDefaultSnaplen : snaplen;
            break;
        }
        case 'p':
            options.promiscuous = false;
            break;
        case 'n':
            break;  // addresses are always numeric here
        case 'e':
            options.link_header = true;
            break;
        case 'q':
            options.quiet = true;
            break;
        case 'U':
            options.packet_buffered = true;
            break;
        case 'w':
            if (value.empty()) throw np::UsageError("invalid output file: ''");
            options.write_file = value;
            break;
        case 'B':
            options.buffer_kib =
                np::parse_number<std::uint32_t>(value, 64, 1 << 20, "buffer size (KiB)");
            break;
        default:
            break;
    }
}

std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
}

}  // namespace

CaptureOptions parse_capture_options(const std::vector<std::string>& args) {
    CaptureOptions options;
    auto apply = [&](char option, std::string_view value) {
        if (option == 'D') {
            options.list_interfaces = true;
        } else if (option == 'r') {
            if (value.empty()) throw np::UsageError("invalid input file: ''");
            options.read_file = value;
        } else {
            apply_common(options, option, value);
        }
    };
    const auto operands = np::read_command_line(args, {"DehnpqU", "ciswrB"}, apply);
    options.filter = join(operands);
    if (options.help || options.list_interfaces) return options;
    if (options.interface.empty() && options.read_file.empty()) {
        throw np::UsageError("no interface: give -i IFACE, or -r FILE to read a capture");
    }
    return options;
}

CaptureOptions parse_pfcapture_options(const std::vector<std::string>& args) {
    CaptureOptions options;
    auto apply = [&](char option, std::string_view value) {
        if (option == 'd') {
            options.dump_program = true;
        } else if (option == 'F') {
            if (value.empty()) throw np::UsageError("invalid program file: ''");
            options.program_file = value;
        } else {
            apply_common(options, option, value);
        }
    };
    const auto operands = np::read_command_line(args, {"dehnpqU", "ciswFB"}, apply);
    options.filter = join(operands);
    if (options.help) return options;
    if (!options.program_file.empty() && !options.filter.empty()) {
        throw np::UsageError("a filter expression or -F FILE, not both");
    }
    if (options.interface.empty() && !options.dump_program) {
        throw np::UsageError("no interface: give -i IFACE");
    }
    return options;
}

std::string capture_usage() {
    return "Usage: np-capture [-DehnpqU] [-c COUNT] [-i IFACE] [-r FILE] [-s SNAPLEN]\n"
           "                  [-w FILE] [-B KIB] [EXPRESSION...]\n"
           "\n"
           "Captures packets with libpcap and prints one line each, as tcpdump -n does, or\n"
           "writes them to a pcap file. EXPRESSION is a tcpdump filter (pcap-filter(7)).\n"
           "\n"
           "  -i IFACE    capture on this interface\n"
           "  -D          list the interfaces libpcap can capture on, and exit\n"
           "  -c COUNT    stop after COUNT packets\n"
           "  -s SNAPLEN  keep at most SNAPLEN bytes of each packet (0: 262144)\n"
           "  -p          do not put the interface into promiscuous mode\n"
           "  -n          numeric addresses (always the case here)\n"
           "  -e          print the link-level header too\n"
           "  -q          quieter protocol details\n"
           "  -w FILE     write the packets to FILE (pcap format; - for stdout)\n"
           "  -U          write each packet to the file as it comes\n"
           "  -r FILE     read packets from a pcap file instead of an interface\n"
           "  -B KIB      kernel capture buffer, in KiB (default 4096)\n"
           "  -h, --help  print this help and exit\n"
           "\n"
           "On exit from a live capture, stderr gets the counts: captured, received by\n"
           "filter, dropped by kernel. Exit status: 0, 1 on an error (bad filter, unreadable\n"
           "file, capture failure), 2 on a usage error.\n";
}

std::string pfcapture_usage() {
    return "Usage: np-pfcapture [-dehnpqU] [-c COUNT] -i IFACE [-s SNAPLEN] [-w FILE]\n"
           "                    [-B KIB] [-F PROGRAM | EXPRESSION...]\n"
           "\n"
           "Captures packets on one interface without libpcap: a PF_PACKET socket bound to\n"
           "the interface, a classic BPF filter attached with SO_ATTACH_FILTER, and a\n"
           "TPACKET_V3 ring shared with the kernel. Prints tcpdump -n lines, or writes a\n"
           "pcap file. EXPRESSION is compiled with pcap_compile (the only libpcap call).\n"
           "\n"
           "  -i IFACE    the interface\n"
           "  -c COUNT    stop after COUNT packets\n"
           "  -s SNAPLEN  keep at most SNAPLEN bytes of each packet (0: 262144)\n"
           "  -p          do not put the interface into promiscuous mode\n"
           "  -n          numeric addresses (always the case here)\n"
           "  -e          print the link-level header too\n"
           "  -q          quieter protocol details\n"
           "  -w FILE     write the packets to FILE (pcap format; - for stdout)\n"
           "  -U          write each packet to the file as it comes\n"
           "  -B KIB      size of the ring, in KiB (default 4096)\n"
           "  -F PROGRAM  attach this compiled program (tcpdump -ddd's format)\n"
           "  -d          print the compiled filter (tcpdump -ddd's format) and exit\n"
           "  -h, --help  print this help and exit\n"
           "\n"
           "Exit status: 0, 1 on an error (bad filter, capture failure), 2 on a usage error.\n";
}

}  // namespace datalink
