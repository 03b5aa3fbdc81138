#include "icmp_echo.hpp"

#include <netinet/in.h>

#include <algorithm>
#include <array>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"

namespace ping {

// Milestone 1: the echo request. Milestone 3: parsing. See README.md.
//
// Use np::ByteWriter to build and np::ByteReader to parse: they are big-endian and
// bounds-checked (a read past the end throws np::ParseError, which parse_icmp must turn
// into Ignored). Never cast a buffer to a struct.

std::vector<std::byte> make_payload(std::size_t size,
                                    [[maybe_unused]] std::chrono::microseconds sent_at) {
    // TODO(student): `size` bytes where byte i is i % 256; if size >= 16, overwrite the
    // first 16 with the seconds and then the microseconds of `sent_at`, each as a u64.
    return std::vector<std::byte>(size);
}

std::optional<std::chrono::microseconds> read_timestamp(
    [[maybe_unused]] std::span<const std::byte> payload) {
    // TODO(student): the inverse of make_payload: nullopt below 16 bytes, else the two
    // u64 (seconds, microseconds) as one duration.
    return std::nullopt;
}

std::vector<std::byte> build_echo_request([[maybe_unused]] int family,
                                          [[maybe_unused]] std::uint16_t identifier,
                                          [[maybe_unused]] std::uint16_t sequence,
                                          [[maybe_unused]] std::span<const std::byte> payload) {
    // TODO(student): type (np::icmp::kEchoRequest; AF_INET6: np::icmp6::kEchoRequest),
    // code 0, checksum,
    // identifier, sequence, then the payload. For AF_INET write the checksum as 0, compute
    // np::internet_checksum over the whole message and patch it in at offset 2; for
    // AF_INET6 leave it 0 (the kernel computes it).
    return {};
}

Incoming parse_icmp([[maybe_unused]] Framing framing,
                    [[maybe_unused]] std::span<const std::byte> datagram) {
    // TODO(student): for kIpv4WithHeader first read the IP header (version 4, IHL >= 5,
    // IHL * 4 and the total length within the datagram, protocol 1; keep the TTL) and
    // parse only the ICMP bytes after it. Then the ICMP message: at least 8 bytes; for
    // IPv4 a checksum that verifies (np::internet_checksum of the message is 0).
    // The names are np/icmp.hpp's (np::icmp:: for v4, np::icmp6:: for v6).
    //   kEchoReply -> EchoReply{identifier, sequence, ttl, length, payload}
    //   an error (kDestUnreachable, kTimeExceeded, kParameterProblem; v6 also
    //   kPacketTooBig) -> IcmpError, from the quoted datagram:
    //     v4: its IP header (IHL!, protocol 1, destination), then the echo request's
    //     8-byte header (kEchoRequest, identifier, sequence); v6: the 40-byte IPv6 header
    //     (next header 58, destination at offset 24), then the request (kEchoRequest).
    //     mtu: v4 kDestUnreachable with code unreachable::kFragNeeded -> low 16 bits of
    //     bytes 4-7; v6 kPacketTooBig -> bytes 4-7.
    //     pointer: v4 kParameterProblem -> byte 4; v6 kParameterProblem -> bytes 4-7.
    //     A probe bigger than the path MTU is quoted as a fragment: only a first one (v4
    //     fragment offset 0; v6 next header 44, then an 8-byte fragment header with
    //     offset 0 and next header 58) has the echo request in it.
    //   anything else, or anything malformed -> Ignored{why}.
    return Ignored{"parse_icmp is not written yet"};
}

}  // namespace ping
