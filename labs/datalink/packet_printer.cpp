#include "packet_printer.hpp"

#include <cstdio>
#include <ctime>

namespace datalink {

std::string timestamp_text(std::int64_t seconds, std::uint32_t microseconds) {
    const std::time_t when = static_cast<std::time_t>(seconds);
    std::tm local{};
    ::localtime_r(&when, &local);
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d.%06u", local.tm_hour, local.tm_min,
                  local.tm_sec, microseconds);
    return text;
}

std::string PacketPrinter::describe(std::span<const std::byte> captured, std::size_t wire_length) {
    Decoding decoding{style_, &sequences_, {}};
    decode_ethernet(np::ByteReader(captured), wire_length, decoding);
    return decoding.line;
}

std::string PacketPrinter::line(std::int64_t seconds, std::uint32_t microseconds,
                                std::span<const std::byte> captured, std::size_t wire_length) {
    return timestamp_text(seconds, microseconds) + " " + describe(captured, wire_length);
}

}  // namespace datalink
