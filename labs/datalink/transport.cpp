// UDP and TCP: ports, lengths, and for TCP the flags, sequence numbers and options.

#include <algorithm>
#include <cstdio>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "tcp_sequences.hpp"

namespace datalink {

namespace {

[[maybe_unused]] constexpr std::size_t kUdpHeader = 8;
[[maybe_unused]] constexpr std::size_t kTcpHeader = 20;

// TCP flag bits, in the order tcpdump prints their letters.
struct FlagLetter {
    std::uint8_t bit;
    char letter;
};
constexpr FlagLetter kFlagLetters[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                                       {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
[[maybe_unused]] constexpr std::uint8_t kFin = 0x01;
[[maybe_unused]] constexpr std::uint8_t kSyn = 0x02;
[[maybe_unused]] constexpr std::uint8_t kRst = 0x04;
[[maybe_unused]] constexpr std::uint8_t kAck = 0x10;
[[maybe_unused]] constexpr std::uint8_t kUrg = 0x20;

// "SRC.SPORT > DST.DPORT: ", or "SPORT > DPORT: " when the IP layer printed the addresses.
[[maybe_unused]] std::string endpoints(const IpEndpoints& ip, std::uint16_t source_port,
                                       std::uint16_t destination_port) {
    if (ip.addresses_printed) {
        return std::to_string(source_port) + " > " + std::to_string(destination_port) + ": ";
    }
    return ip.source + "." + std::to_string(source_port) + " > " + ip.destination + "." +
           std::to_string(destination_port) + ": ";
}

// What a transport header cut before its ports starts with: "SRC > DST: " unless printed.
[[maybe_unused]] std::string addresses(const IpEndpoints& ip) {
    return ip.addresses_printed ? std::string() : ip.source + " > " + ip.destination + ": ";
}

[[maybe_unused]] std::string flags_text(std::uint8_t flags) {
    std::string letters;
    for (const auto& [bit, letter] : kFlagLetters) {
        if (flags & bit) letters += letter;
    }
    return "Flags [" + (letters.empty() ? std::string("none") : letters) + "]";
}

// The options as tcpdump lists them: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". The
// separator goes out before each option is read, so a truncated list ends "sackOK,". SACK
// blocks name the other side's numbers: they are printed less `sack_base` (0: absolute).
[[maybe_unused]] void options_text(np::ByteReader options, std::size_t length,
                                   std::uint32_t sack_base, Decoding& out) {
    constexpr std::uint8_t kEnd = 0, kNop = 1, kMss = 2, kWindowScale = 3, kSackPermitted = 4,
                           kSack = 5, kTimestamp = 8;
    bool first = true;
    while (length > 0) {
        if (!first) out.line += ",";
        first = false;
        const std::uint8_t kind = options.u8();
        --length;
        if (kind == kEnd) {
            out.line += "eol";
            break;
        }
        if (kind == kNop) {
            out.line += "nop";
            continue;
        }
        const std::size_t option_length = options.u8();
        --length;
        if (option_length < 2 || option_length - 2 > length) {
            out.line += "bad opt";
            break;
        }
        const std::size_t data_length = option_length - 2;
        length -= data_length;
        // The name first, then the values as they are read: a value cut off by the
        // snapshot leaves "mss [|tcp]", as with tcpdump.
        if (kind == kMss && data_length == 2) {
            out.line += "mss";
            out.line += " " + std::to_string(options.u16());
        } else if (kind == kWindowScale && data_length == 1) {
            out.line += "wscale";
            out.line += " " + std::to_string(options.u8());
        } else if (kind == kSackPermitted && data_length == 0) {
            out.line += "sackOK";
        } else if (kind == kTimestamp && data_length == 8) {
            out.line += "TS";
            const std::uint32_t value = options.u32();
            out.line += " val " + std::to_string(value) + " ecr " + std::to_string(options.u32());
        } else if (kind == kSack && data_length % 8 == 0) {
            out.line += "sack " + std::to_string(data_length / 8) + " ";
            for (std::size_t block = 0; block < data_length / 8; ++block) {
                const std::uint32_t left = options.u32() - sack_base;
                const std::uint32_t right = options.u32() - sack_base;
                out.line += "{" + std::to_string(left) + ":" + std::to_string(right) + "}";
            }
        } else {
            out.line += "unknown-" + std::to_string(kind);
            np::ByteReader data = options.sub(data_length);
            if (data.remaining() > 0) out.line += " 0x";
            while (data.remaining() > 0) {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%02x", data.u8());
                out.line += hex;
            }
        }
    }
    out.line += "]";
}

}  // namespace

void decode_udp(np::ByteReader datagram, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    // TODO(student): the two ports (missing: addresses() then " [|udp]"), then
    // endpoints(), then the length and checksum (missing: " [|udp]"). A UDP
    // length below 8: "truncated-udplength N"; data (UDP length - 8) beyond what the IP
    // layer left (length - 8): "UDP, bad length D > R"; else "UDP, length D".
    (void)datagram;
    (void)length;
    (void)ip;
    (void)out;
}

void decode_tcp(np::ByteReader segment, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    // TODO(student): the two ports (missing: addresses() then "[|tcp]"), endpoints(),
    // then the rest of the 20-byte header (missing: " [|tcp]"): seq, ack, data offset,
    // flags, window, checksum, urgent pointer. Offset * 4 below 20: " tcp D [bad hdr
    // length H - too short, < 20]" (D = length - H); beyond length: flags_text() then
    // " [bad hdr length H - too long, > LENGTH]". With -q: "tcp D". With ACK set, let
    // out.sequences->relate() make seq and ack relative (it returns the base SACK blocks
    // are counted from; otherwise that base is 0). Then flags_text(); ", seq S" (":S+D"
    // when there is data) if there is data or SYN, FIN or RST; ", ack A" with ACK;
    // ", win W"; ", urg U" with URG; ", options [" then options_text() over the options'
    // captured bytes when the header has options; ", length D". Anything cut short:
    // " [|tcp]".
    (void)segment;
    (void)length;
    (void)ip;
    (void)out;
}

}  // namespace datalink
