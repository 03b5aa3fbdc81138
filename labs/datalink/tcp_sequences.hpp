#pragma once
// tcpdump's relative TCP sequence numbers: the first segment of a connection that carries an
// ACK (or any SYN) is shown with absolute numbers and remembers both sides' initial
// numbers; later segments show seq and ack counted from those, so "seq 1:7, ack 1" reads as
// "the first six bytes".

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

#include "decode.hpp"

namespace datalink {

class TcpSequences {
public:
    // Called for a segment with ACK set: rewrites seq and ack to relative numbers, unless this
    // is the segment that starts the connection's record (then they stay absolute). Returns
    // the other side's base, which SACK blocks (numbers of the other side) are counted from.
    std::uint32_t relate(const IpEndpoints& ip, std::uint16_t source_port,
                         std::uint16_t destination_port, bool syn, std::uint32_t& seq,
                         std::uint32_t& ack);

private:
    struct Endpoint {
        std::array<std::byte, 16> address{};
        std::uint16_t port = 0;
        // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
        auto operator<=>(const Endpoint&) const = default;
    };
    // Keyed by the two endpoints in a fixed order, so both directions find the same entry;
    // the values are the initial sequence numbers of the first and the second endpoint.
    std::map<std::pair<Endpoint, Endpoint>, std::pair<std::uint32_t, std::uint32_t>> bases_;
};

}  // namespace datalink
