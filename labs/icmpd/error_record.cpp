#include "error_record.hpp"

#include <netinet/in.h>

#include <cstring>
#include <stdexcept>

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace icmpd {

namespace {

[[maybe_unused]] constexpr std::size_t kAddressBytes = 16;

}  // namespace

std::array<std::byte, kRecordSize> encode_record([[maybe_unused]] const ErrorRecord& record) {
    // TODO(student): the 32 bytes of the layout in error_record.hpp, written with
    // np::ByteWriter in network byte order: errno, type, code, family as 4 or 6, MTU, port,
    // 2 zero bytes, the 16 address bytes (IPv4: its 4 bytes, then 12 zeros). Throw
    // std::invalid_argument for a destination that is neither IPv4 nor IPv6.
    return {};
}

ErrorRecord decode_record([[maybe_unused]] std::span<const std::byte> bytes) {
    // TODO(student): the inverse of encode_record, with np::ByteReader: throw
    // np::ParseError for fewer than 32 bytes, a family other than 4 or 6, or nonzero
    // reserved bytes; np::SocketAddress::from_bytes builds the destination.
    return {};
}

}  // namespace icmpd
