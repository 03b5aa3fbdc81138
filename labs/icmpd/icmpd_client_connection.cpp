// The client library's connection to np-icmpd: connecting to its socket, and reading the
// records it sends, whole ones only.

#include <sys/socket.h>
#include <sys/un.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "icmpd_client.hpp"
#include "np/check.hpp"

namespace icmpd {

IcmpdClient::IcmpdClient(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        throw std::runtime_error("socket path too long: " + path);
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    connection_.reset(np::check(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket"));
    if (connect(connection_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
        -1) {
        np::throw_errno("connect " + path);
    }
}

std::optional<std::vector<ErrorRecord>> IcmpdClient::read_records() {
    std::array<std::byte, 16 * kRecordSize> buffer;
    const ssize_t n = recv(connection_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n == -1 && (errno == EAGAIN || errno == EINTR)) return std::vector<ErrorRecord>{};
    np::check(n, "recv from np-icmpd");
    if (n == 0) return std::nullopt;
    pending_.insert(pending_.end(), buffer.begin(), buffer.begin() + n);

    std::vector<ErrorRecord> records;
    std::size_t used = 0;
    for (; pending_.size() - used >= kRecordSize; used += kRecordSize) {
        records.push_back(decode_record(std::span(pending_).subspan(used, kRecordSize)));
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
    return records;
}

}  // namespace icmpd
