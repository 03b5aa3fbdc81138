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

[[maybe_unused]] constexpr char kFirstPrintable = ' ';
[[maybe_unused]] constexpr int kRingSize = 95;  // ' ' (0x20) to '~' (0x7e)
[[maybe_unused]] constexpr int kLineLength = 72;
[[maybe_unused]] constexpr std::uint64_t kSecondsFrom1900To1970 = 2208988800u;
[[maybe_unused]] constexpr std::size_t kDatagramMax = 4096;

}  // namespace

std::string chargen_line([[maybe_unused]] std::uint64_t k) {
    // TODO(student): 72 characters, the first ring[k mod 95], each the next on the ring
    // (' ' follows '~'), then "\r\n".
    return {};
}

std::string daytime_text([[maybe_unused]] std::time_t now) {
    // TODO(student): ctime_r's text without its '\n' (24 characters), then "\r\n".
    return {};
}

std::string time_bytes([[maybe_unused]] std::time_t now) {
    // TODO(student): now + kSecondsFrom1900To1970, truncated to 32 bits, as 4 bytes,
    // most significant first.
    return {};
}

bool unsafe_udp_source([[maybe_unused]] const np::SocketAddress& source) {
    // TODO(student): true for port 0 and for IPv4 sources in 0/8, 127/8, 255/8 and
    // 224/4 (also when IPv4-mapped in an IPv6 address), and for ::1 and IPv6 multicast.
    return false;
}

bool answers_at_once(Internal service) {
    return service == Internal::kDaytime || service == Internal::kTime;
}

void serve_stream([[maybe_unused]] Internal service, [[maybe_unused]] int fd) {
    // TODO(student): echo: read and write back until read returns 0 (EOF) or fails;
    // discard: read until then; chargen: write line 0, 1, 2, ... until a write fails;
    // daytime, time: write the answer once. write_all writes a whole buffer.
}

void serve_datagram([[maybe_unused]] Internal service, int fd,
                    [[maybe_unused]] std::uint64_t& chargen_counter) {
    // TODO(student): recvfrom one datagram (MSG_DONTWAIT, at most kDatagramMax bytes)
    // with its source; ignore it if unsafe_udp_source. Answer with sendto: echo the
    // same bytes, chargen the line chargen_counter++ , daytime and time their answer;
    // discard nothing.
    char dropped;
    [[maybe_unused]] const ssize_t n = recv(fd, &dropped, 1, MSG_DONTWAIT);
}

}  // namespace inetd
