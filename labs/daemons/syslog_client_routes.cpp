// Where a SyslogClient's messages go: to syslog(3) (syslog_client.cpp), or as datagrams
// of our own to the socket given with -L; and to stderr as well in the foreground.

#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "np/check.hpp"
#include "syslog_client.hpp"

namespace daemons {

namespace {

void write_stderr(const std::string& line) {
    // One write: lines from several processes do not mix. A failure has nowhere to go.
    [[maybe_unused]] ssize_t n = write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

SyslogClient::SyslogClient(std::string ident, int facility, std::string socket_path, bool to_stderr)
    : ident_(std::move(ident)),
      facility_(facility),
      socket_path_(std::move(socket_path)),
      to_stderr_(to_stderr) {
    if (socket_path_.empty()) {
        open_system_log();
        return;
    }
    socket_.reset(np::check(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
}

SyslogClient::~SyslogClient() {
    if (socket_path_.empty()) closelog();
}

void SyslogClient::log(int severity, std::string_view message) {
    if (to_stderr_) {
        write_stderr(ident_ + "[" + std::to_string(getpid()) + "]: " + std::string(message) + "\n");
    }
    if (socket_path_.empty()) {
        log_to_system(severity, message);
        return;
    }
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    send_datagram(format_syslog_message(facility_ | severity, local, ident_, getpid(), message));
}

void SyslogClient::info(std::string_view message) { log(LOG_INFO, message); }

void SyslogClient::error(std::string_view message) { log(LOG_ERR, message); }

void SyslogClient::send_datagram(const std::string& datagram) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path_.size() >= sizeof address.sun_path) return;  // checked by the options
    std::memcpy(address.sun_path, socket_path_.c_str(), socket_path_.size() + 1);
    // Not connected: each message finds the socket anew, so a syslog daemon may restart.
    // MSG_DONTWAIT: a full receive queue drops the message instead of stalling us.
    [[maybe_unused]] ssize_t n =
        sendto(socket_.get(), datagram.data(), datagram.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
               reinterpret_cast<const sockaddr*>(&address), sizeof address);
}

}  // namespace daemons
