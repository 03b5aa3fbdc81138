// UDP's and TCP's lines in pieces: endpoints, flags and options (see transport_text.hpp).

#include "transport_text.hpp"

#include <cstdio>
#include <string>

namespace datalink {

namespace {

// TCP flag bits, in the order tcpdump prints their letters.
struct FlagLetter {
    std::uint8_t bit;
    char letter;
};
constexpr FlagLetter kFlagLetters[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                                       {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};

}  // namespace

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

}  // namespace datalink
