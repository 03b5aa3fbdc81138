// TFTP packets: what encode() writes and what decode() accepts. The expected bytes are
// written out by hand from RFC 1350 and RFC 2347, so the tests do not trust the code.

#include "tftp_packet.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "np/error.hpp"

namespace {

using Bytes = std::vector<std::byte>;

Bytes text(std::string_view s) {
    Bytes out;
    for (char c : s) out.push_back(static_cast<std::byte>(c));
    return out;
}

// A datagram as text with its unprintable bytes escaped, for failure messages.
std::string escaped(std::string_view datagram) {
    std::string out;
    for (const char c : datagram) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += c;
        } else {
            char code[8];
            std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(c));
            out += code;
        }
    }
    return out;
}

}  // namespace

TEST(TftpPacket, EncodesRequestWithOptions) {
    const tftp::Request rrq{tftp::Opcode::kRrq, "boot/kernel", "octet", {{"blksize", "1428"}}};
    EXPECT_EQ(tftp::encode(rrq), text(std::string_view("\0\1boot/kernel\0octet\0blksize\0"
                                                       "1428\0",
                                                       33)))
        << "encoding an RRQ for boot/kernel, octet, blksize 1428: opcode 1, then "
           "NUL-terminated filename, mode, option name and value";
    const tftp::Request wrq{tftp::Opcode::kWrq, "f", "netascii", {}};
    EXPECT_EQ(tftp::encode(wrq), text(std::string_view("\0\2f\0netascii\0", 13)))
        << "encoding a WRQ for f, netascii, no options: opcode 2";
}

TEST(TftpPacket, EncodesDataAckErrorOack) {
    EXPECT_EQ(tftp::encode(tftp::Data{0x1234, text("abc")}), text(std::string_view("\0\3\x12\x34"
                                                                                   "abc",
                                                                                   7)))
        << "encoding DATA block 0x1234 with \"abc\": opcode 3, block big-endian, payload";
    EXPECT_EQ(tftp::encode(tftp::Data{65535, {}}), text(std::string_view("\0\3\xff\xff", 4)))
        << "encoding an empty DATA block 65535";
    EXPECT_EQ(tftp::encode(tftp::Ack{513}), text(std::string_view("\0\4\2\1", 4)))
        << "encoding ACK 513: opcode 4, block 0x0201 big-endian";
    EXPECT_EQ(tftp::encode(tftp::Error{tftp::ErrorCode::kUnknownTid, "Unknown transfer ID"}),
              text(std::string_view("\0\5\0\5Unknown transfer ID\0", 24)))
        << "encoding ERROR 5 \"Unknown transfer ID\": opcode 5, code, NUL-terminated message";
    EXPECT_EQ(tftp::encode(tftp::OptionAck{{{"tsize", "0"}}}), text(std::string_view("\0\6tsize\0"
                                                                                     "0\0",
                                                                                     10)))
        << "encoding an OACK with tsize 0: opcode 6, then NUL-terminated name and value";
}

TEST(TftpPacket, DecodesEveryOpcode) {
    auto rrq =
        tftp::decode(text(std::string_view("\0\1a/b\0OcTeT\0TSIZE\0"
                                           "0\0",
                                           20)));
    {
        SCOPED_TRACE(
            "decoding the RRQ \"\\0\\1a/b\\0OcTeT\\0TSIZE\\0"
            "0\\0\"");
        ASSERT_TRUE(std::holds_alternative<tftp::Request>(rrq)) << "decodes as a Request";
        const auto& request = std::get<tftp::Request>(rrq);
        EXPECT_EQ(request.opcode, tftp::Opcode::kRrq) << "opcode 1 is an RRQ";
        EXPECT_EQ(request.filename, "a/b") << "the filename";
        EXPECT_EQ(request.mode, "octet") << "modes are case-insensitive: lower-cased";
        ASSERT_EQ(request.options.size(), 1u) << "one option";
        EXPECT_EQ(request.options[0].first, "TSIZE") << "option names are kept as sent";
        EXPECT_EQ(request.options[0].second, "0") << "the option's value";
    }

    auto data = tftp::decode(text(std::string_view("\0\3\xff\xfexyz", 7)));
    ASSERT_TRUE(std::holds_alternative<tftp::Data>(data))
        << "decoding \"\\0\\3\\xff\\xfexyz\": a DATA packet";
    EXPECT_EQ(std::get<tftp::Data>(data).block, 65534) << "DATA's block 0xfffe, big-endian";
    EXPECT_EQ(std::get<tftp::Data>(data).payload, text("xyz")) << "DATA's payload \"xyz\"";

    auto empty = tftp::decode(text(std::string_view("\0\3\0\7", 4)));
    ASSERT_TRUE(std::holds_alternative<tftp::Data>(empty))
        << "decoding \"\\0\\3\\0\\7\": a DATA packet with no payload (the last block)";
    EXPECT_TRUE(std::get<tftp::Data>(empty).payload.empty()) << "DATA block 7 carries nothing";

    auto ack = tftp::decode(text(std::string_view("\0\4\1\0", 4)));
    ASSERT_TRUE(std::holds_alternative<tftp::Ack>(ack)) << "decoding \"\\0\\4\\1\\0\": an ACK";
    EXPECT_EQ(std::get<tftp::Ack>(ack).block, 256) << "ACK's block 0x0100, big-endian";

    auto error = tftp::decode(text(std::string_view("\0\5\0\1nope\0", 9)));
    ASSERT_TRUE(std::holds_alternative<tftp::Error>(error))
        << "decoding \"\\0\\5\\0\\1nope\\0\": an ERROR";
    EXPECT_EQ(std::get<tftp::Error>(error).code, tftp::ErrorCode::kFileNotFound)
        << "ERROR code 1 is file not found";
    EXPECT_EQ(std::get<tftp::Error>(error).message, "nope") << "ERROR's message, NUL dropped";

    auto oack =
        tftp::decode(text(std::string_view("\0\6blksize\0"
                                           "1428\0",
                                           15)));
    ASSERT_TRUE(std::holds_alternative<tftp::OptionAck>(oack)) << "decoding \"\\0\\6blksize\\0"
                                                                  "1428\\0\": an OACK";
    const auto& options = std::get<tftp::OptionAck>(oack).options;
    ASSERT_EQ(options.size(), 1u) << "the OACK carries one option";
    EXPECT_EQ(options[0], (std::pair<std::string, std::string>{"blksize", "1428"}))
        << "the OACK's option blksize 1428";
}

TEST(TftpPacket, RejectsMalformed) {
    const std::string_view bad[] = {
        {"", 0},                             // nothing
        {"\0", 1},                           // half an opcode
        {"\0\x09x\0octet\0", 10},            // unknown opcode
        {"\0\0x\0octet\0", 10},              // opcode 0
        {"\0\1file", 6},                     // filename without NUL
        {"\0\1file\0octet", 12},             // mode without NUL
        {"\0\1file\0", 7},                   // no mode at all
        {"\0\1file\0binary\0", 14},          // not a TFTP mode
        {"\0\1file\0octet\0blksize\0", 21},  // option without value
        {"\0\3\0", 3},                       // DATA without a whole block number
        {"\0\4\0", 3},                       // short ACK
        {"\0\4\0\1\0", 5},                   // ACK with a byte too many
        {"\0\5\0\1no NUL", 10},              // ERROR message without NUL
    };
    for (const auto datagram : bad) {
        EXPECT_THROW(tftp::decode(text(datagram)), np::ParseError)
            << "decode accepted the malformed " << datagram.size() << "-byte datagram \""
            << escaped(datagram) << "\"";
    }
}
