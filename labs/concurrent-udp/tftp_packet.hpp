#pragma once
// TFTP packets (RFC 1350, options per RFC 2347): building the bytes we send and making
// sense of the bytes we receive. Pure functions, tested without a network.
//
//   RRQ/WRQ  opcode 1/2 | filename | 0 | mode | 0 | [option | 0 | value | 0]...
//   DATA     opcode 3 | block (16) | 0..blksize bytes
//   ACK      opcode 4 | block (16)
//   ERROR    opcode 5 | error code (16) | message | 0
//   OACK     opcode 6 | [option | 0 | value | 0]...
//
// Every number is big-endian; every string ends with a NUL byte.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tftp {

enum class Opcode : std::uint16_t {
    kRrq = 1,
    kWrq = 2,
    kData = 3,
    kAck = 4,
    kError = 5,
    kOack = 6
};

// RFC 1350's error codes, and RFC 2347's 8 for a refused option negotiation.
enum class ErrorCode : std::uint16_t {
    kNotDefined = 0,
    kFileNotFound = 1,
    kAccessViolation = 2,
    kDiskFull = 3,
    kIllegalOperation = 4,
    kUnknownTid = 5,
    kFileExists = 6,
    kNoSuchUser = 7,
    kOptionRefused = 8,
};

inline constexpr std::size_t kDefaultBlockSize = 512;
// The largest datagram we read: a DATA of the largest blksize (65464) plus its header.
inline constexpr std::size_t kMaxPacketSize = 65468;

// Options in the order they appeared, names as sent (compare them case-insensitively).
using Options = std::vector<std::pair<std::string, std::string>>;

struct Request {
    Opcode opcode = Opcode::kRrq;  // rrq or wrq
    std::string filename;
    std::string mode;  // lower-cased: "octet", "netascii" or "mail"
    Options options;
};

struct Data {
    std::uint16_t block = 0;
    std::vector<std::byte> payload;
};

struct Ack {
    std::uint16_t block = 0;
};

struct Error {
    ErrorCode code = ErrorCode::kNotDefined;
    std::string message;
};

struct OptionAck {
    Options options;
};

using Packet = std::variant<Request, Data, Ack, Error, OptionAck>;

// The bytes of each packet.
std::vector<std::byte> encode(const Request& request);
std::vector<std::byte> encode(const Data& data);
std::vector<std::byte> encode(const Ack& ack);
std::vector<std::byte> encode(const Error& error);
std::vector<std::byte> encode(const OptionAck& oack);
// Any packet: the encode above for its kind.
inline std::vector<std::byte> encode(const Packet& packet) {
    return std::visit([](const auto& p) { return encode(p); }, packet);
}

// Parses one datagram. Throws np::ParseError for anything malformed: shorter than its
// opcode needs, an unknown opcode, a string without its NUL, a mode other than netascii,
// octet or mail, an option without a value, an ACK or ERROR with bytes after its end.
Packet decode(std::span<const std::byte> datagram);

// RFC 1350's wording for each code, the message when there is nothing more specific.
std::string error_text(ErrorCode code);

}  // namespace tftp
