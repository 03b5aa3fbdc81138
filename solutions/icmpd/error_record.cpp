#include "error_record.hpp"

#include <netinet/in.h>

#include <cstring>
#include <stdexcept>

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace icmpd {

namespace {

constexpr std::size_t kAddressBytes = 16;

}  // namespace

std::array<std::byte, kRecordSize> encode_record(const ErrorRecord& record) {
    std::array<std::byte, kRecordSize> bytes{};
    std::array<std::byte, kAddressBytes> address{};
    std::uint16_t version = 0;
    if (record.destination.family() == AF_INET) {
        version = 4;
        const auto* sin = reinterpret_cast<const sockaddr_in*>(record.destination.data());
        std::memcpy(address.data(), &sin->sin_addr, sizeof sin->sin_addr);
    } else if (record.destination.family() == AF_INET6) {
        version = 6;
        const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(record.destination.data());
        std::memcpy(address.data(), &sin6->sin6_addr, sizeof sin6->sin6_addr);
    } else {
        throw std::invalid_argument("an error record's destination must be IPv4 or IPv6");
    }
    np::ByteWriter out(bytes);
    out.u32(static_cast<std::uint32_t>(record.error));
    out.u8(record.type);
    out.u8(record.code);
    out.u16(version);
    out.u32(record.mtu);
    out.u16(record.destination.port());
    out.u16(0);
    out.bytes(address);
    return bytes;
}

ErrorRecord decode_record(std::span<const std::byte> bytes) {
    if (bytes.size() < kRecordSize) {
        throw np::ParseError("an error record is " + std::to_string(kRecordSize) + " bytes, got " +
                             std::to_string(bytes.size()));
    }
    np::ByteReader in(bytes.first(kRecordSize));
    ErrorRecord record;
    record.error = static_cast<int>(in.u32());
    record.type = in.u8();
    record.code = in.u8();
    const std::uint16_t version = in.u16();
    record.mtu = in.u32();
    const std::uint16_t port = in.u16();
    if (in.u16() != 0) throw np::ParseError("an error record's reserved bytes are not zero");
    if (version != 4 && version != 6) {
        throw np::ParseError("an error record names address family " + std::to_string(version));
    }
    // The 16 address bytes hold an IPv4 address in their first 4.
    const auto address = in.bytes(kAddressBytes);
    record.destination = version == 4
                             ? np::SocketAddress::from_bytes(AF_INET, address.first(4), port)
                             : np::SocketAddress::from_bytes(AF_INET6, address, port);
    return record;
}

}  // namespace icmpd
