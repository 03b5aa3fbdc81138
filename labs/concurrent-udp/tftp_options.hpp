#pragma once
// Option negotiation (RFC 2347): the client appends options to its request, the server
// answers with an OACK holding those it accepts (values possibly changed), and options it
// does not know are left out. The options here: blksize (RFC 2348), timeout and tsize
// (RFC 2349).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tftp_packet.hpp"

namespace tftp {

inline constexpr std::size_t kMinBlockSize = 8;
inline constexpr std::size_t kMaxBlockSize = 65464;

// What a transfer runs with once the options are settled.
struct TransferSettings {
    std::size_t block_size = kDefaultBlockSize;
    std::chrono::milliseconds timeout{1000};     // before a retransmission
    std::optional<std::uint64_t> transfer_size;  // tsize, when one side told it
};

struct Negotiation {
    TransferSettings settings;
    Options accepted;  // for the OACK; empty: no OACK, the transfer starts as in RFC 1350
};

// The server's side. `defaults` are used for what the client did not ask; `file_size`
// is the size to announce for tsize in a read request (nullopt when it is not known in
// advance, as in netascii mode). A blksize over the maximum is lowered to it; values that
// are not numbers, or are out of range (blksize < 8, timeout outside 1-255), are ignored
// and the option left out of the OACK, as are unknown options. Names match in any case.
Negotiation negotiate(const Request& request, const TransferSettings& defaults,
                      std::optional<std::uint64_t> file_size);

// The client's side (option_ack.cpp): applies the server's OACK to `settings`. Throws
// np::ParseError if the OACK holds an option that was not requested or a value the client cannot
// accept (a blksize larger than asked, a malformed number).
void apply_option_ack(const Options& requested, const Options& acknowledged,
                      TransferSettings& settings);

// Reading options (option_values.cpp). Names match in any case (RFC 2347).
bool same_option_name(std::string_view a, std::string_view b);
// A whole decimal number, or nullopt: "12x", "", "-1" and overflow are all not numbers.
std::optional<std::uint64_t> option_number(std::string_view text);
// The value of the option `name` (any case) in `options`, if present.
std::optional<std::string> find_option(const Options& options, std::string_view name);

}  // namespace tftp
