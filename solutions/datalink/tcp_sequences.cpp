#include "tcp_sequences.hpp"

namespace datalink {

std::uint32_t TcpSequences::relate(const IpEndpoints& ip, std::uint16_t source_port,
                                   std::uint16_t destination_port, bool syn, std::uint32_t& seq,
                                   std::uint32_t& ack) {
    const Endpoint source{ip.source_bytes, source_port};
    const Endpoint destination{ip.destination_bytes, destination_port};
    const bool forward = source < destination;
    const auto key =
        forward ? std::make_pair(source, destination) : std::make_pair(destination, source);
    auto found = bases_.find(key);
    if (found == bases_.end() || syn) {
        // The other side's initial number is one before what this segment acknowledges
        // (its SYN took one number).
        const std::uint32_t source_base = seq;
        const std::uint32_t destination_base = ack - 1;
        bases_[key] = forward ? std::make_pair(source_base, destination_base)
                              : std::make_pair(destination_base, source_base);
        return destination_base;
    }
    const auto [first, second] = found->second;
    const std::uint32_t destination_base = forward ? second : first;
    seq -= forward ? first : second;
    ack -= destination_base;
    return destination_base;
}

}  // namespace datalink
