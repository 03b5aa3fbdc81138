// np-capture: tcpdump's core on libpcap: capture (or read) packets, filter them with a
// tcpdump expression, print one line each or write them to a pcap file.

#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "np/error.hpp"
#include "np/log.hpp"
#include "np/privileges.hpp"
#include "np/signals.hpp"
#include "options.hpp"
#include "packet_sink.hpp"
#include "pcap_capture.hpp"

namespace {

datalink::PcapCapture* running = nullptr;  // for the signal handler

void stop_capture(int) {
    if (running) running->stop();
}

int capture(const datalink::CaptureOptions& options) {
    const bool live = options.read_file.empty();
    datalink::PcapCapture pcap = live ? datalink::PcapCapture::live(options)
                                      : datalink::PcapCapture::offline(options.read_file);
    np::drop_privileges();  // the device is open: nothing else needs root
    if (!options.filter.empty()) pcap.set_filter(options.filter);
    datalink::PacketSink sink(options, pcap.snaplen(), pcap.link_type());

    const std::string link = datalink::link_type_text(pcap.link_type());
    const std::string snaplen = std::to_string(pcap.snaplen());
    if (live) {
        np::warn("listening on " + options.interface + ", link-type " + link +
                 ", snapshot length " + snaplen + " bytes");
    } else {
        // tcpdump writes this one without its name in front.
        std::fputs(("reading from file " + options.read_file + ", link-type " + link +
                    ", snapshot length " + snaplen + "\n")
                       .c_str(),
                   stderr);
    }

    running = &pcap;
    np::on_signal(SIGINT, stop_capture);
    np::on_signal(SIGTERM, stop_capture);
    datalink::CaptureCounts counts;
    counts.captured = pcap.run(
        options.count, [&](const datalink::CapturedPacket& packet) { sink.take(packet); },
        [&] { sink.end_batch(); });
    running = nullptr;
    if (live) {
        const auto kernel = pcap.counts();
        counts.received = kernel.received;
        counts.dropped = kernel.dropped;
        std::fputs(datalink::counts_text(counts).c_str(), stderr);
    }
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-capture");
    try {
        const auto options =
            datalink::parse_capture_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(datalink::capture_usage().c_str(), stdout);
            return 0;
        }
        if (options.list_interfaces) {
            for (const auto& line : datalink::list_devices()) std::puts(line.c_str());
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
