// np-nfqdelay: the harness's stand-in for netem's delay, jitter and reordering on kernels
// that lack the netem qdisc.
//
//   np-nfqdelay --queue N --delay-ms D [--jitter-ms J] [--reorder P] [--seed S]
//
// The harness steers a link's outgoing packets into NFQUEUE number N (iptables-legacy
// "-j NFQUEUE"). The kernel keeps each queued packet and sends us only its metadata; we
// remember the packet's id and the time it is due, and give the verdict NF_ACCEPT at that
// time, which lets the kernel send it on. Verdicts may come in any order, so jitter and
// reordering need nothing more than a different due time per packet.
//
// Semantics follow netem: each packet is delayed by D ms plus a uniform random value in
// [-J, +J] ms (never below zero); with probability P a packet skips the delay altogether
// and so overtakes the packets held before it (netem's "reorder").
//
// Prints "ready" on stdout once the queue is bound, so the harness knows when it may add
// the rule (packets queued with no listener are dropped). Stops on SIGTERM or SIGINT.

#include <arpa/inet.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <libnfnetlink/libnfnetlink.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "np/check.hpp"
#include "np/clock.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "np/numbers.hpp"

namespace {

using np::Clock;

constexpr std::string_view kUsage =
    "usage: np-nfqdelay --queue N --delay-ms D [--jitter-ms J] [--reorder P] [--seed S]";

struct Options {
    uint16_t queue = 0;
    double delay_ms = 0;
    double jitter_ms = 0;
    double reorder = 0;  // probability in [0, 1]
    std::optional<uint64_t> seed;
};

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_queue = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view name = argv[i];
        if (i + 1 >= argc) throw np::UsageError(std::string(kUsage));
        std::string_view value = argv[++i];
        if (name == "--queue") {
            options.queue = np::parse_number<uint16_t>(value, 0, 65535, "queue number");
            have_queue = true;
        } else if (name == "--delay-ms") {
            options.delay_ms = np::parse_decimal(value, 0, 3'600'000, "delay");
        } else if (name == "--jitter-ms") {
            options.jitter_ms = np::parse_decimal(value, 0, 3'600'000, "jitter");
        } else if (name == "--reorder") {
            options.reorder = np::parse_decimal(value, 0, 1, "reorder probability");
        } else if (name == "--seed") {
            options.seed = np::parse_number<uint64_t>(value, 0, UINT64_MAX, "seed");
        } else {
            throw np::UsageError(std::string(kUsage));
        }
    }
    if (!have_queue) throw np::UsageError(std::string(kUsage));
    return options;
}

// A packet the kernel holds for us, by id, with the time its verdict is due.
struct Held {
    Clock::time_point due;
    uint64_t arrival;  // breaks ties so packets due at the same time keep their order
    uint32_t id;
    bool operator>(const Held& other) const {
        return due != other.due ? due > other.due : arrival > other.arrival;
    }
};

class Delayer {
public:
    explicit Delayer(const Options& options)
        : options_(options), random_(options.seed ? *options.seed : std::random_device{}()) {
        handle_ = nfq_open();
        if (handle_ == nullptr) np::throw_errno("nfq_open");
        queue_ = nfq_create_queue(handle_, options.queue, &Delayer::on_packet, this);
        if (queue_ == nullptr) np::throw_errno("binding to the queue (is another listener on it?)");
        // We decide on timing alone: the metadata (packet id) is all we need to copy.
        np::check(nfq_set_mode(queue_, NFQNL_COPY_META, 0), "nfq_set_mode");
        // A delayed link holds many packets at once (delay x rate); the default 1024 is
        // reached by a fast ping flood with 100 ms of delay.
        np::check(nfq_set_queue_maxlen(queue_, 65536), "nfq_set_queue_maxlen");
        // Let the kernel queue GSO packets whole rather than segment them for us.
        nfq_set_queue_flags(queue_, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
        // A burst of packets must not overflow the socket: the kernel would drop them.
        nfnl_rcvbufsiz(nfq_nfnlh(handle_), 8 << 20);
    }
    Delayer(const Delayer&) = delete;
    Delayer& operator=(const Delayer&) = delete;
    ~Delayer() {
        nfq_destroy_queue(queue_);
        nfq_close(handle_);
    }

    [[noreturn]] void run() {
        pollfd pfd{nfq_fd(handle_), POLLIN, 0};
        for (;;) {
            release_due();
            // Sleep until a packet arrives or the earliest held one is due.
            timespec timeout{};
            timespec* wait = nullptr;
            if (!held_.empty()) {
                auto left = held_.top().due - Clock::now();
                timeout = np::to_timespec(left > Clock::duration::zero() ? left
                                                                         : Clock::duration::zero());
                wait = &timeout;
            }
            if (ppoll(&pfd, 1, wait, nullptr) == -1) {
                if (errno == EINTR) continue;
                np::throw_errno("ppoll");
            }
            if (pfd.revents & POLLIN) receive();
        }
    }

private:
    static int on_packet(nfq_q_handle*, nfgenmsg*, nfq_data* data, void* self) {
        const nfqnl_msg_packet_hdr* header = nfq_get_msg_packet_hdr(data);
        if (header != nullptr) static_cast<Delayer*>(self)->hold(ntohl(header->packet_id));
        return 0;
    }

    void hold(uint32_t id) {
        if (options_.reorder > 0 && chance_(random_) < options_.reorder) {
            accept(id);  // skips the queue, overtaking the packets held before it
            return;
        }
        double ms = options_.delay_ms;
        if (options_.jitter_ms > 0) {
            ms += std::uniform_real_distribution<double>(-options_.jitter_ms,
                                                         options_.jitter_ms)(random_);
        }
        if (ms <= 0) {
            accept(id);
            return;
        }
        auto delay = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double, std::milli>(ms));
        held_.push(Held{Clock::now() + delay, arrivals_++, id});
    }

    void release_due() {
        auto now = Clock::now();
        while (!held_.empty() && held_.top().due <= now) {
            accept(held_.top().id);
            held_.pop();
        }
    }

    void accept(uint32_t id) {
        if (nfq_set_verdict(queue_, id, NF_ACCEPT, 0, nullptr) < 0) {
            np::warn("verdict for packet " + std::to_string(id) + " failed");
        }
    }

    // Reads every message waiting on the socket; each becomes a call of on_packet.
    void receive() {
        std::vector<char>& buffer = buffer_;
        for (;;) {
            ssize_t n = recv(nfq_fd(handle_), buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (n >= 0) {
                nfq_handle_packet(handle_, buffer.data(), static_cast<int>(n));
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == EINTR) continue;
            // The kernel could not deliver some messages and dropped those packets, as an
            // overfull netem queue would; the packets we hold are unaffected.
            if (errno == ENOBUFS) continue;
            np::throw_errno("recv from the netfilter queue");
        }
    }

    Options options_;
    nfq_handle* handle_ = nullptr;
    nfq_q_handle* queue_ = nullptr;
    std::priority_queue<Held, std::vector<Held>, std::greater<>> held_;
    uint64_t arrivals_ = 0;
    std::mt19937_64 random_;
    std::uniform_real_distribution<double> chance_{0.0, 1.0};
    std::vector<char> buffer_ = std::vector<char>(256 * 1024);
};

}  // namespace

int main(int argc, char** argv) {
    np::set_program_name(argc > 0 ? argv[0] : "np-nfqdelay");
    try {
        Options options = parse_options(argc, argv);
        Delayer delayer(options);
        // netem releases packets from a kernel timer; a user-space helper competes for the
        // CPU with the test itself. As a (modest) real-time task it still releases packets
        // on time on a busy machine. Without the privilege it runs as it is.
        sched_param realtime{};
        realtime.sched_priority = 10;
        sched_setscheduler(0, SCHED_FIFO, &realtime);
        std::printf("ready\n");
        std::fflush(stdout);
        delayer.run();
    } catch (const np::UsageError& error) {
        np::die(2, error.what());
    } catch (const std::exception& error) {
        np::die(1, error.what());
    }
}
