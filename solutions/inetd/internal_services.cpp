#include "internal_services.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string_view>

#include "write_all.hpp"

namespace inetd {

namespace {

constexpr char kFirstPrintable = ' ';
constexpr int kRingSize = 95;  // ' ' (0x20) to '~' (0x7e)
constexpr int kLineLength = 72;
constexpr std::uint64_t kSecondsFrom1900To1970 = 2208988800u;
constexpr std::size_t kDatagramMax = 4096;

}  // namespace

std::string chargen_line(std::uint64_t k) {
    std::string line;
    line.reserve(kLineLength + 2);
    for (int i = 0; i < kLineLength; ++i) {
        line.push_back(static_cast<char>(kFirstPrintable + (k + i) % kRingSize));
    }
    line += "\r\n";
    return line;
}

std::string daytime_text(std::time_t now) {
    char text[32];
    ctime_r(&now, text);  // "Wed Nov 25 15:15:26 2026\n"
    return std::string(text, 24) + "\r\n";
}

std::string time_bytes(std::time_t now) {
    const auto seconds =
        static_cast<std::uint32_t>(static_cast<std::uint64_t>(now) + kSecondsFrom1900To1970);
    return {static_cast<char>(seconds >> 24), static_cast<char>(seconds >> 16),
            static_cast<char>(seconds >> 8), static_cast<char>(seconds)};
}

bool unsafe_udp_source(const np::SocketAddress& source) {
    std::uint32_t v4 = 0;
    if (source.family() == AF_INET) {
        v4 = ntohl(reinterpret_cast<const sockaddr_in*>(source.data())->sin_addr.s_addr);
    } else if (source.family() == AF_INET6) {
        const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(source.data())->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_MULTICAST(&a)) return true;
        if (!IN6_IS_ADDR_V4MAPPED(&a)) return source.port() == 0;
        v4 = (std::uint32_t{a.s6_addr[12]} << 24) | (std::uint32_t{a.s6_addr[13]} << 16) |
             (std::uint32_t{a.s6_addr[14]} << 8) | a.s6_addr[15];
    } else {
        return true;
    }
    const std::uint32_t first = v4 >> 24;
    return source.port() == 0 || first == 0 || first == 127 || first == 255 ||
           (first >= 224 && first <= 239);
}

bool answers_at_once(Internal service) {
    return service == Internal::kDaytime || service == Internal::kTime;
}

void serve_stream(Internal service, int fd) {
    std::array<char, 8192> buffer;
    switch (service) {
        case Internal::kEcho:
        case Internal::kDiscard:
            for (;;) {
                const ssize_t n = read(fd, buffer.data(), buffer.size());
                if (n == -1 && errno == EINTR) continue;
                if (n <= 0) return;
                if (service == Internal::kEcho &&
                    !write_all(fd, {buffer.data(), static_cast<std::size_t>(n)})) {
                    return;
                }
            }
        case Internal::kChargen:
            for (std::uint64_t k = 0; write_all(fd, chargen_line(k)); ++k) {
            }
            return;
        case Internal::kDaytime:
            write_all(fd, daytime_text(std::time(nullptr)));
            return;
        case Internal::kTime:
            write_all(fd, time_bytes(std::time(nullptr)));
            return;
        case Internal::kNone:
            return;
    }
}

void serve_datagram(Internal service, int fd, std::uint64_t& chargen_counter) {
    std::array<char, kDatagramMax> buffer;
    np::SocketAddress source;
    const ssize_t n =
        recvfrom(fd, buffer.data(), buffer.size(), MSG_DONTWAIT, source.data(), source.size_ptr());
    if (n < 0 || unsafe_udp_source(source)) return;
    std::string reply;
    switch (service) {
        case Internal::kEcho:
            reply.assign(buffer.data(), static_cast<std::size_t>(n));
            break;
        case Internal::kDiscard:
        case Internal::kNone:
            return;
        case Internal::kChargen:
            reply = chargen_line(chargen_counter++);
            break;
        case Internal::kDaytime:
            reply = daytime_text(std::time(nullptr));
            break;
        case Internal::kTime:
            reply = time_bytes(std::time(nullptr));
            break;
    }
    // A reply that cannot go out is not worth a retry: UDP promised nothing.
    [[maybe_unused]] const ssize_t sent =
        sendto(fd, reply.data(), reply.size(), MSG_DONTWAIT, source.data(), source.size());
}

}  // namespace inetd
