#include "log_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "kernel_log.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/log.hpp"
#include "parse_message.hpp"
#include "timestamp.hpp"
#include "wire_format.hpp"

namespace syslogd {

namespace {

constexpr int kReceiveBuffer = 8 * 1024 * 1024;  // room for bursts while a file is written
constexpr int kBatch = 512;                      // datagrams read from one socket in a row

void enlarge_receive_buffer(int fd) {
    // SO_RCVBUFFORCE passes the rmem_max limit, for root; otherwise take what we may.
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBuffer, sizeof kReceiveBuffer) != 0) {
        // Best effort: the default buffer works, it only drops sooner under a burst.
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
    }
}

np::Fd bind_unix_socket(const std::string& path) {
    sockaddr_un address{};
    if (path.size() >= sizeof address.sun_path) {
        throw std::runtime_error("socket path too long: " + path);
    }
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    // A socket file left by an earlier run would make bind fail: remove it, but nothing
    // that is not a socket, and not one a running syslogd still receives on (connect
    // succeeds there; a stale file refuses).
    struct stat info {};
    if (lstat(path.c_str(), &info) == 0) {
        if (!S_ISSOCK(info.st_mode)) {
            throw std::runtime_error(path + " exists and is not a socket");
        }
        np::Fd probe(np::check(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
        if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
            0) {
            throw std::runtime_error(path + ": socket in use (another syslogd?)");
        }
        // A stale socket file of a dead syslogd; if it cannot go, bind says why.
        unlink(path.c_str());
    }
    np::Fd fd(np::check(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), "socket"));
    np::check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address),
              "bind " + path);
    // Every user's programs log: the socket must be writable by all.
    np::check(chmod(path.c_str(), 0666), "chmod " + path);
    enlarge_receive_buffer(fd.get());
    return fd;
}

np::Fd bind_udp_socket(np::SocketAddress address) {
    np::Fd fd(np::check(socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                        "socket"));
    if (address.family() == AF_INET6) {
        // The IPv4 socket takes IPv4: this one only IPv6 (no v4-mapped addresses).
        const int on = 1;
        np::check(setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on), "setsockopt");
    }
    np::check(bind(fd.get(), address.data(), address.size()), "bind " + address.to_string());
    enlarge_receive_buffer(fd.get());
    return fd;
}

std::vector<np::SocketAddress> udp_addresses(const SyslogdOptions& options) {
    std::vector<np::SocketAddress> addresses;
    if (options.udp_host.empty()) {
        addresses.push_back(*np::SocketAddress::parse_numeric("0.0.0.0"));
        addresses.push_back(*np::SocketAddress::parse_numeric("::"));
    } else {
        addresses = np::resolve(options.udp_host, AF_UNSPEC, SOCK_DGRAM);
    }
    for (auto& address : addresses) address.set_port(options.udp_port);
    return addresses;
}

np::Fd open_kernel_log() {
    np::Fd fd(np::check(open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), "open /dev/kmsg"));
    // From now on: what the kernel logged before is in the ring buffer already (dmesg).
    np::check(static_cast<int>(lseek(fd.get(), 0, SEEK_END)), "lseek /dev/kmsg");
    return fd;
}

}  // namespace

LogServer::LogServer(SyslogdOptions options, const std::vector<Rule>& rules)
    : options_(std::move(options)), hostname_(local_hostname(true)), buffer_(kMaxMessageSize) {
    inputs_.push_back({bind_unix_socket(options_.socket_path), Source::kUnix});
    if (options_.udp) {
        for (const auto& address : udp_addresses(options_)) {
            try {
                inputs_.push_back({bind_udp_socket(address), Source::kUdp});
            } catch (const std::system_error& e) {
                // A host without IPv6 still serves IPv4 (and the other way round).
                if (e.code() != std::errc::address_family_not_supported &&
                    e.code() != std::errc::address_not_available) {
                    throw;
                }
            }
        }
    }
    if (options_.kernel) inputs_.push_back({open_kernel_log(), Source::kKernel});
    router_ = Router(rules);
}

LogServer::~LogServer() {
    router_.flush();
    unlink(options_.socket_path.c_str());  // best effort: a destructor has no one to tell
}

const std::tm& LogServer::local_now() {
    const std::time_t now = std::time(nullptr);
    if (now != clock_second_) {
        localtime_r(&now, &clock_);
        clock_second_ = now;
    }
    return clock_;
}

void LogServer::log_self(int severity, const std::string& text) {
    Message message;
    message.priority = LOG_SYSLOG | severity;
    message.timestamp = format_bsd_timestamp(local_now());
    message.hostname = hostname_;
    message.tag = "np-syslogd";
    message.pid = std::to_string(getpid());
    message.text = text;
    router_.route(message);
    // In the foreground, errors reach the terminal too: the log may be where it failed.
    if (options_.foreground && severity <= LOG_WARNING) np::warn(text);
}

void LogServer::accept_datagram(std::string_view data, std::size_t full_length,
                                const std::string& sender) {
    if (full_length == 0) {
        ++empty_dropped_;  // nothing to log; an empty line would only confuse readers
        return;
    }
    if (full_length > data.size()) ++truncated_;
    Message message = parse_syslog_message(data, local_now());
    if (message.hostname.empty()) message.hostname = sender;
    router_.route(message);
}

void LogServer::accept_kernel_record(std::string_view record) {
    if (auto message = parse_kernel_record(record, local_now())) {
        message->hostname = hostname_;
        router_.route(*message);
    }
}

void LogServer::drain(const Input& input) {
    for (int i = 0; i < kBatch; ++i) {
        np::SocketAddress from;
        // MSG_TRUNC: the datagram's full length, though only the buffer's worth is copied.
        const ssize_t n =
            input.source == Source::kKernel
                ? read(input.fd.get(), buffer_.data(), buffer_.size())  // one record a read
                : recvfrom(input.fd.get(), buffer_.data(), buffer_.size(), MSG_TRUNC, from.data(),
                           from.size_ptr());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE && input.source == Source::kKernel) continue;  // records overrun
            return;                                                           // EAGAIN: all read
        }
        const auto length = static_cast<std::size_t>(n);
        const std::string_view data(buffer_.data(), std::min(length, buffer_.size()));
        switch (input.source) {
            case Source::kUnix:
                accept_datagram(data, length, hostname_);
                break;
            case Source::kUdp:
                accept_datagram(data, length, from.host());
                break;
            case Source::kKernel:
                accept_kernel_record(data);
                break;
        }
    }
}

void LogServer::log_router_problems() {
    for (const std::string& problem : router_.take_problems()) log_self(LOG_ERR, problem);
}

void LogServer::report_counters() {
    if (empty_dropped_ != empty_reported_) {
        log_self(LOG_WARNING, "dropped " + std::to_string(empty_dropped_ - empty_reported_) +
                                  " empty datagram(s)");
        empty_reported_ = empty_dropped_;
    }
    if (truncated_ != truncated_reported_) {
        log_self(LOG_WARNING, "truncated " + std::to_string(truncated_ - truncated_reported_) +
                                  " message(s) to " + std::to_string(kMaxMessageSize) + " bytes");
        truncated_reported_ = truncated_;
    }
}

void LogServer::reload() {
    if (options_.config_path.empty()) {
        router_.reopen();
        log_router_problems();
        log_self(LOG_INFO, "reopened the log files");
        return;
    }
    try {
        auto rules = load_syslog_conf(options_.config_path);
        router_.flush();
        router_ = Router(rules);
        log_router_problems();
        log_self(LOG_INFO, "configuration reloaded from " + options_.config_path + ": " +
                               std::to_string(router_.rule_count()) + " rules");
    } catch (const SyslogConfError& e) {
        // Keep the rules we have: a typo must not stop the logging.
        router_.reopen();
        log_router_problems();
        log_self(LOG_ERR, std::string(e.what()) + " (configuration not reloaded)");
    }
}

void LogServer::run(np::SignalFd& signals) {
    std::vector<pollfd> polled;
    for (const Input& input : inputs_) polled.push_back({input.fd.get(), POLLIN, 0});
    polled.push_back({signals.fd(), POLLIN, 0});
    log_self(LOG_INFO,
             "started: pid " + std::to_string(getpid()) + ", socket " + options_.socket_path);
    log_router_problems();
    router_.flush();
    for (;;) {
        if (poll(polled.data(), polled.size(), -1) < 0) {
            if (errno == EINTR) continue;
            np::throw_errno("poll");
        }
        for (std::size_t i = 0; i < inputs_.size(); ++i) {
            if (polled[i].revents & (POLLIN | POLLERR)) drain(inputs_[i]);
        }
        if (polled.back().revents & POLLIN) {
            while (const auto sig = signals.read()) {
                if (*sig == SIGHUP) {
                    reload();
                } else {
                    log_self(LOG_INFO, std::string("exiting on signal ") + strsignal(*sig));
                    router_.flush();
                    return;
                }
            }
        }
        report_counters();
        // Everything ready has been read (or a batch of it): write what we hold.
        router_.flush();
    }
}

}  // namespace syslogd
