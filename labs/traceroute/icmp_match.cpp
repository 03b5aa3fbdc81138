#include "icmp_match.hpp"

#include <netinet/in.h>

#include "np/bytes.hpp"
#include "np/checksum.hpp"
#include "np/error.hpp"
#include "np/icmp.hpp"

namespace traceroute {

// Milestone 2 (and 4 for -I): the heart of the lab. Read icmp_match.hpp first: it says what
// to accept and what to reject, and probe.hpp says how probes are named.

Match match_icmp([[maybe_unused]] const OurProbes& probes,
                 [[maybe_unused]] std::span<const std::byte> datagram) {
    // TODO(student): parse `datagram` with np::ByteReader (never cast it to a struct) and
    // return the Answer it is about: which probe (the quoted UDP destination port, or the
    // echo sequence, through probes.naming.index_of), the Verdict, and the annotation of an
    // unreachable. On IPv4 the error's own IP header comes first (skip IHL * 4 bytes); the
    // quote must be UDP (or an echo request) from us to probes.target. Catch np::ParseError
    // and return NotOurs for anything short, malformed or foreign.
    return NotOurs{"match_icmp is not written yet"};
}

std::string annotation([[maybe_unused]] int family, [[maybe_unused]] std::uint8_t type,
                       [[maybe_unused]] std::uint8_t code, [[maybe_unused]] std::uint32_t mtu) {
    // TODO(student): Debian traceroute's "!H", "!N", "!X", "!F-<mtu>", ... as the header lists.
    return "";
}

}  // namespace traceroute
