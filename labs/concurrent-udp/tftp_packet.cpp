#include "tftp_packet.hpp"

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace tftp {

std::vector<std::byte> encode([[maybe_unused]] const Request& request) {
    // TODO(student): opcode (1 or 2, 16 bits big-endian), filename, NUL, mode, NUL, then
    // each option's name, NUL, value, NUL. Size a buffer for it and fill it with
    // np::ByteWriter (np::as_bytes turns a string into bytes).
    return {};
}

std::vector<std::byte> encode([[maybe_unused]] const Data& data) {
    // TODO(student): opcode 3, the block number, then the payload.
    return {};
}

std::vector<std::byte> encode([[maybe_unused]] const Ack& ack) {
    // TODO(student): opcode 4 and the block number: 4 bytes.
    return {};
}

std::vector<std::byte> encode([[maybe_unused]] const Error& error) {
    // TODO(student): opcode 5, the error code, the message and a NUL.
    return {};
}

std::vector<std::byte> encode([[maybe_unused]] const OptionAck& oack) {
    // TODO(student): opcode 6, then each option's name, NUL, value, NUL.
    return {};
}

Packet decode([[maybe_unused]] std::span<const std::byte> datagram) {
    // TODO(student): read the opcode with np::ByteReader and then the fields of that
    // packet (see tftp_packet.hpp). Throw np::ParseError for anything malformed: too short,
    // an unknown opcode, a string whose NUL is missing, a mode other than netascii, octet
    // or mail (compare in lower case, and store it lower-cased), an option name without a
    // value, an ACK longer than 4 bytes.
    return Ack{};
}

}  // namespace tftp
