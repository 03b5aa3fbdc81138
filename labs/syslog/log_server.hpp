#pragma once
// np-syslogd's event loop: the sockets it receives on, the rules it routes by, its own
// messages, and the signals that change its course.

#include <ctime>
#include <string>
#include <vector>

#include "np/fd.hpp"
#include "np/signals.hpp"
#include "router.hpp"
#include "syslogd_options.hpp"

namespace syslogd {

// The largest message kept: longer ones are cut to this length (and counted). rsyslog's
// default is 8 KiB too; RFC 5424 asks receivers to take at least 480 (2048 advised).
constexpr std::size_t kMaxMessageSize = 8192;

class LogServer {
public:
    // Opens the sockets (the Unix one, UDP with -r, /dev/kmsg with -k) and the rules'
    // destinations. Throws std::system_error if a socket cannot be had.
    LogServer(SyslogdOptions options, const std::vector<Rule>& rules);
    ~LogServer();
    LogServer(const LogServer&) = delete;
    LogServer& operator=(const LogServer&) = delete;

    // Serves until SIGTERM or SIGINT. SIGHUP: reload().
    void run(np::SignalFd& signals);

    // A message of our own (facility syslog), routed like any other.
    void log_self(int severity, const std::string& text);

private:
    enum class Source { kUnix, kUdp, kKernel };
    struct Input {
        np::Fd fd;
        Source source;
    };

    void reload();
    void log_router_problems();
    void drain(const Input& input);
    void accept_datagram(std::string_view data, std::size_t full_length, const std::string& sender);
    void accept_kernel_record(std::string_view record);
    void report_counters();
    const std::tm& local_now();

    SyslogdOptions options_;
    std::string hostname_;
    std::vector<Input> inputs_;
    Router router_;
    std::vector<char> buffer_;
    std::time_t clock_second_ = -1;  // local_now's cache: localtime_r once a second
    std::tm clock_{};
    unsigned long empty_dropped_ = 0, empty_reported_ = 0;
    unsigned long truncated_ = 0, truncated_reported_ = 0;
};

}  // namespace syslogd
