#include "probe.hpp"

#include <sys/socket.h>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/icmp.hpp"

namespace traceroute {

namespace {
constexpr std::size_t kIpv4Header = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kTransportHeader = 8;  // UDP and ICMP alike
constexpr std::size_t kDefaultData = 32;
}  // namespace

std::size_t header_size(int family) {
    return (family == AF_INET6 ? kIpv6Header : kIpv4Header) + kTransportHeader;
}

std::size_t default_packet_length(int family) { return header_size(family) + kDefaultData; }

std::size_t data_size(int family, std::size_t packet_length) {
    const std::size_t headers = header_size(family);
    return packet_length > headers ? packet_length - headers : 0;
}

std::uint16_t ProbeNaming::name_of(std::size_t index) const {
    return static_cast<std::uint16_t>((base + index) & 0xffff);
}

std::optional<std::size_t> ProbeNaming::index_of(std::uint16_t name) const {
    const std::size_t index = static_cast<std::uint16_t>(name - base);
    if (index >= count) return std::nullopt;
    return index;
}

std::vector<std::byte> probe_data(std::size_t size) {
    std::vector<std::byte> data(size);
    for (std::size_t i = 0; i < size; ++i) data[i] = std::byte(0x40 + (i & 0x3f));
    return data;
}

std::vector<std::byte> build_echo_request(int family, std::uint16_t identifier,
                                          std::uint16_t sequence, std::span<const std::byte> data) {
    std::vector<std::byte> message(kTransportHeader + data.size());
    np::ByteWriter out(message);
    out.u8(family == AF_INET6 ? np::icmp6::kEchoRequest : np::icmp::kEchoRequest);
    out.u8(0);   // code
    out.u16(0);  // checksum: 0 while it is computed
    out.u16(identifier);
    out.u16(sequence);
    out.bytes(data);
    if (family == AF_INET) out.patch_u16(2, np::internet_checksum(out.written()));
    return message;
}

}  // namespace traceroute
