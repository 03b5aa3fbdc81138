// UDP and TCP: ports, lengths, and for TCP the flags, sequence numbers and options.

#include <algorithm>
#include <cstdio>
#include <string>

#include "decode.hpp"
#include "np/error.hpp"
#include "tcp_sequences.hpp"

namespace datalink {

namespace {

constexpr std::size_t kUdpHeader = 8;
constexpr std::size_t kTcpHeader = 20;

// TCP flag bits, in the order tcpdump prints their letters.
struct FlagLetter {
    std::uint8_t bit;
    char letter;
};
constexpr FlagLetter kFlagLetters[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                                       {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kUrg = 0x20;

// "SRC.SPORT > DST.DPORT: ", or "SPORT > DPORT: " when the IP layer printed the addresses.
std::string endpoints(const IpEndpoints& ip, std::uint16_t source_port,
                      std::uint16_t destination_port) {
    if (ip.addresses_printed) {
        return std::to_string(source_port) + " > " + std::to_string(destination_port) + ": ";
    }
    return ip.source + "." + std::to_string(source_port) + " > " + ip.destination + "." +
           std::to_string(destination_port) + ": ";
}

// What a transport header cut before its ports starts with: "SRC > DST: " unless printed.
std::string addresses(const IpEndpoints& ip) {
    return ip.addresses_printed ? std::string() : ip.source + " > " + ip.destination + ": ";
}

std::string flags_text(std::uint8_t flags) {
    std::string letters;
    for (const auto& [bit, letter] : kFlagLetters) {
        if (flags & bit) letters += letter;
    }
    return "Flags [" + (letters.empty() ? std::string("none") : letters) + "]";
}

// The options as tcpdump lists them: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". The
// separator goes out before each option is read, so a truncated list ends "sackOK,". SACK
// blocks name the other side's numbers: they are printed less `sack_base` (0: absolute).
void options_text(np::ByteReader options, std::size_t length, std::uint32_t sack_base,
                  Decoding& out) {
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
    std::uint16_t source_port = 0, destination_port = 0;
    try {
        source_port = datagram.u16();
        destination_port = datagram.u16();
    } catch (const np::ParseError&) {
        out.line += addresses(ip) + " [|udp]";
        return;
    }
    out.line += endpoints(ip, source_port, destination_port);
    std::size_t udp_length = 0;
    try {
        udp_length = datagram.u16();
        datagram.u16();  // checksum
    } catch (const np::ParseError&) {
        out.line += " [|udp]";
        return;
    }
    if (udp_length < kUdpHeader) {
        out.line += "truncated-udplength " + std::to_string(udp_length);
        return;
    }
    const std::size_t data_length = udp_length - kUdpHeader;
    const std::size_t room = length > kUdpHeader ? length - kUdpHeader : 0;
    if (data_length > room && !ip.fragmented) {
        out.line += "UDP, bad length " + std::to_string(data_length) + " > " + std::to_string(room);
        return;
    }
    out.line += "UDP, length " + std::to_string(data_length);
}

void decode_tcp(np::ByteReader segment, std::size_t length, const IpEndpoints& ip, Decoding& out) {
    std::uint16_t source_port = 0, destination_port = 0;
    try {
        source_port = segment.u16();
        destination_port = segment.u16();
    } catch (const np::ParseError&) {
        out.line += addresses(ip) + "[|tcp]";
        return;
    }
    out.line += endpoints(ip, source_port, destination_port);
    try {
        std::uint32_t seq = segment.u32();
        std::uint32_t ack = segment.u32();
        const std::size_t header_length = static_cast<std::size_t>(segment.u8() >> 4) * 4;
        const std::uint8_t flags = segment.u8();
        const std::uint16_t window = segment.u16();
        segment.u16();  // checksum
        const std::uint16_t urgent = segment.u16();

        if (header_length < kTcpHeader) {
            out.line += " tcp " +
                        std::to_string(static_cast<std::uint32_t>(length - header_length)) +
                        " [bad hdr length " + std::to_string(header_length) + " - too short, < " +
                        std::to_string(kTcpHeader) + "]";
            return;
        }
        if (header_length > length) {
            out.line += flags_text(flags) + " [bad hdr length " + std::to_string(header_length) +
                        " - too long, > " + std::to_string(length) + "]";
            return;
        }
        const std::size_t data_length = length - header_length;
        if (out.style.quiet) {
            out.line += "tcp " + std::to_string(data_length);
            return;
        }
        std::uint32_t sack_base = 0;
        if (out.sequences && (flags & kAck)) {
            sack_base = out.sequences->relate(ip, source_port, destination_port,
                                              (flags & kSyn) != 0, seq, ack);
        }
        out.line += flags_text(flags);
        if (data_length > 0 || (flags & (kSyn | kFin | kRst))) {
            out.line += ", seq " + std::to_string(seq);
            if (data_length > 0) {
                out.line += ":" + std::to_string(static_cast<std::uint32_t>(seq + data_length));
            }
        }
        if (flags & kAck) out.line += ", ack " + std::to_string(ack);
        out.line += ", win " + std::to_string(window);
        if (flags & kUrg) out.line += ", urg " + std::to_string(urgent);
        if (header_length > kTcpHeader) {
            out.line += ", options [";
            const std::size_t options_length = header_length - kTcpHeader;
            options_text(segment.sub(std::min(options_length, segment.remaining())), options_length,
                         sack_base, out);
        }
        out.line += ", length " + std::to_string(data_length);
    } catch (const np::ParseError&) {
        out.line += " [|tcp]";
    }
}

}  // namespace datalink
