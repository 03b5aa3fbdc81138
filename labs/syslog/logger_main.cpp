// np-logger: sends messages to the system log, like util-linux logger: to the local
// syslog socket through np::openlog / np::syslog, or over UDP to a syslog server.

#include <pwd.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "logger_options.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/fd.hpp"
#include "np/log.hpp"
#include "np_syslog.hpp"
#include "timestamp.hpp"
#include "wire_format.hpp"

namespace {

using syslogd::LoggerOptions;

std::string login_name() {
    if (const passwd* entry = getpwuid(geteuid())) return entry->pw_name;
    return "np-logger";
}

// Where a formatted message goes: a Unix datagram socket, or a UDP server.
class Transport {
public:
    explicit Transport(const LoggerOptions& options) {
        if (!options.server.empty()) {
            const auto addresses = np::resolve(options.server, AF_UNSPEC, SOCK_DGRAM);
            np::SocketAddress target = addresses.front();
            target.set_port(options.port);
            socket_.reset(
                np::check(socket(target.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
            np::check(connect(socket_.get(), target.data(), target.size()),
                      "connect " + target.to_string());
            return;
        }
        const std::string path = options.socket_path.empty() ? "/dev/log" : options.socket_path;
        socket_.reset(np::check(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        np::check(
            connect(socket_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address),
            "socket " + path);
    }

    void send(const std::string& datagram) {
        np::check(::send(socket_.get(), datagram.data(), datagram.size(), MSG_NOSIGNAL), "send");
    }

private:
    np::Fd socket_;
};

std::string time_quality() {
    timex clock{};
    const bool synced = adjtimex(&clock) != -1 && (clock.status & STA_UNSYNC) == 0;
    return std::string("[timeQuality tzKnown=\"1\" isSynced=\"") + (synced ? "1" : "0") + "\"]";
}

std::string format_message(const LoggerOptions& options, const std::string& tag,
                           const std::string& text) {
    const std::string pid = options.with_pid ? std::to_string(getpid()) : "";
    if (options.format == LoggerOptions::kRfc3164) {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        return syslogd::format_rfc3164(options.priority, syslogd::format_bsd_timestamp(local),
                                       syslogd::local_hostname(true), tag, pid, text);
    }
    syslogd::Rfc5424Fields fields;
    fields.timestamp = syslogd::rfc5424_timestamp_now();
    fields.hostname = syslogd::local_hostname(false);
    fields.app_name = tag;
    fields.procid = pid;
    fields.msgid = options.msgid;
    fields.structured_data = time_quality();
    for (const std::string& element : options.structured_data)
        fields.structured_data += "[" + element + "]";
    return syslogd::format_rfc5424(options.priority, fields, text);
}

// Calls `deliver` for each message: the words of the command line joined, or each line of
// standard input as soon as it is read, empty ones too (as logger does), so that
// `tail -f file | np-logger` logs every line as it comes, not all of them at end of file.
void for_each_message(const LoggerOptions& options,
                      const std::function<void(const std::string&)>& deliver) {
    if (!options.words.empty()) {
        std::string text;
        for (const std::string& word : options.words) text += (text.empty() ? "" : " ") + word;
        deliver(text);
        return;
    }
    for (std::string line; std::getline(std::cin, line);) deliver(line);
}

int send_local(const LoggerOptions& options, const std::string& tag) {
    const std::string path = options.socket_path.empty() ? "/dev/log" : options.socket_path;
    {
        // np::syslog, like syslog(3), says nothing when nobody listens: ask first.
        Transport probe(options);
    }
    np::set_log_socket(path);
    int flags = LOG_NDELAY;
    if (options.with_pid) flags |= LOG_PID;
    if (options.to_stderr) flags |= LOG_PERROR;
    np::openlog(tag.c_str(), flags, options.priority & LOG_FACMASK);
    for_each_message(options, [&](const std::string& text) {
        np::syslog(options.priority, "%s", text.c_str());
    });
    np::closelog();
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-logger");
    LoggerOptions options;
    try {
        options = syslogd::parse_logger_options(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-logger --help'");
        return 2;
    }
    if (options.help) {
        std::fputs(syslogd::logger_usage().c_str(), stdout);
        return 0;
    }
    const std::string tag = options.tag.empty() ? login_name() : options.tag;
    try {
        if (options.format == LoggerOptions::kLocal) return send_local(options, tag);
        Transport transport(options);
        for_each_message(options, [&](const std::string& text) {
            if (options.to_stderr) std::cerr << text << '\n';
            transport.send(format_message(options, tag, text));
        });
        return 0;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
