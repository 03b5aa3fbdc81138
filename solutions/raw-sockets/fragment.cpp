#include "fragment.hpp"

#include <algorithm>
#include <stdexcept>

namespace raw {

namespace {

constexpr std::size_t kMaxDatagram = 65535;

std::vector<std::byte> datagram(Ipv4Header header, std::span<const std::byte> piece,
                                std::size_t offset, bool more) {
    header.total_length = static_cast<std::uint16_t>(header.header_length() + piece.size());
    header.fragment_offset = static_cast<std::uint16_t>(offset);
    header.more_fragments = more;
    std::vector<std::byte> bytes = encode_ipv4_header(header);
    bytes.insert(bytes.end(), piece.begin(), piece.end());
    return bytes;
}

}  // namespace

std::vector<std::vector<std::byte>> fragment_ipv4(const Ipv4Header& header,
                                                  std::span<const std::byte> payload,
                                                  std::size_t mtu) {
    const std::size_t header_length = header.header_length();
    if (header_length + payload.size() > kMaxDatagram) {
        throw std::length_error("an IPv4 datagram holds at most 65535 bytes");
    }
    if (header_length + payload.size() <= mtu) return {datagram(header, payload, 0, false)};
    if (header.dont_fragment) {
        throw std::length_error("the datagram is longer than the MTU of " + std::to_string(mtu) +
                                " and DF forbids fragmenting it");
    }
    if (mtu < header_length + 8) {
        throw std::invalid_argument("an MTU of " + std::to_string(mtu) +
                                    " leaves no room for a fragment");
    }
    const std::size_t per_fragment = (mtu - header_length) / 8 * 8;
    std::vector<std::vector<std::byte>> fragments;
    for (std::size_t offset = 0; offset < payload.size(); offset += per_fragment) {
        const std::size_t size = std::min(per_fragment, payload.size() - offset);
        const bool more = offset + size < payload.size();
        fragments.push_back(datagram(header, payload.subspan(offset, size), offset, more));
    }
    return fragments;
}

}  // namespace raw
