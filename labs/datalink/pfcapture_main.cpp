// np-pfcapture: np-capture's live capture without libpcap: PF_PACKET, SO_ATTACH_FILTER and a
// TPACKET_V3 ring. libpcap only compiles the filter expression.

#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bpf_program.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "np/signals.hpp"
#include "options.hpp"
#include "packet_printer.hpp"
#include "packet_ring.hpp"
#include "packet_sink.hpp"

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void request_stop(int) { stop_requested = 1; }

datalink::BpfProgram filter_program(const datalink::CaptureOptions& options) {
    if (!options.program_file.empty()) {
        std::ifstream file(options.program_file);
        if (!file) throw std::runtime_error(options.program_file + ": cannot read");
        std::ostringstream text;
        text << file.rdbuf();
        try {
            return datalink::parse_program(text.str());
        } catch (const np::ParseError& e) {
            throw std::runtime_error(options.program_file + ": " + e.what());
        }
    }
    if (options.filter.empty()) return {};
    return datalink::compile_filter(options.filter, options.snaplen);
}

int capture(const datalink::CaptureOptions& options) {
    const datalink::BpfProgram program = filter_program(options);
    if (options.dump_program) {
        std::fputs(datalink::program_text(program).c_str(), stdout);
        return 0;
    }
    datalink::RingSettings settings;
    settings.interface = options.interface;
    settings.snaplen = options.snaplen;
    settings.promiscuous = options.promiscuous;
    datalink::size_blocks(settings, std::size_t{options.buffer_kib} * 1024);
    datalink::PacketRing ring(settings, program);
    np::drop_privileges();
    datalink::PacketSink sink(options, options.snaplen, datalink::kLinkTypeEthernet);
    np::warn("listening on " + options.interface + ", link-type " +
             datalink::link_type_text(datalink::kLinkTypeEthernet) + ", snapshot length " +
             std::to_string(options.snaplen) + " bytes");

    np::on_signal(SIGINT, request_stop);
    np::on_signal(SIGTERM, request_stop);
    std::uint64_t captured = 0;
    const auto take = [&](const datalink::CapturedPacket& packet) {
        sink.take(packet);
        ++captured;
        return !options.count || captured < *options.count;
    };
    while (!stop_requested && (!options.count || captured < *options.count)) {
        if (ring.next_block(1000, take) > 0) sink.end_batch();
    }
    sink.end_batch();
    datalink::CaptureCounts counts = ring.counts();
    counts.captured = captured;
    std::fputs(datalink::counts_text(counts).c_str(), stderr);
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-pfcapture");
    try {
        const auto options =
            datalink::parse_pfcapture_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(datalink::pfcapture_usage().c_str(), stdout);
            return 0;
        }
        return capture(options);
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
    }
    return 1;
}
