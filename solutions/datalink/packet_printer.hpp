#pragma once
// One line per packet, as tcpdump -n prints it: the local time of capture to the
// microsecond, then what the decoders make of the bytes.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "decode.hpp"
#include "tcp_sequences.hpp"

namespace datalink {

// DLT_EN10MB, the only link-layer type the decoders read (Ethernet, and Linux's loopback).
inline constexpr int kLinkTypeEthernet = 1;

// "15:16:17.829021": the local time of day of a capture timestamp.
std::string timestamp_text(std::int64_t seconds, std::uint32_t microseconds);

class PacketPrinter {
public:
    explicit PacketPrinter(Style style) : style_(style) {}

    // The decoded text of one frame without the time: `captured` holds the bytes the
    // capture kept, `wire_length` how long the frame was.
    std::string describe(std::span<const std::byte> captured, std::size_t wire_length);
    // The whole line (without the newline).
    std::string line(std::int64_t seconds, std::uint32_t microseconds,
                     std::span<const std::byte> captured, std::size_t wire_length);

private:
    Style style_;
    TcpSequences sequences_;  // relative TCP numbers need the connection's history
};

}  // namespace datalink
