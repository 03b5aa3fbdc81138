// Netascii: LF <-> CR LF and CR <-> CR NUL, across block boundaries.

#include "netascii.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::byte> bytes(std::string_view s) {
    std::vector<std::byte> out;
    for (char c : s) out.push_back(static_cast<std::byte>(c));
    return out;
}

std::string str(const std::vector<std::byte>& b) {
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

TEST(Netascii, EncodesLineEnds) {
    std::vector<std::byte> out;
    tftp::netascii_encode(bytes("a\nb\rc"), out);
    EXPECT_EQ(str(out), std::string("a\r\nb\r\0c", 7))
        << "netascii_encode(\"a\\nb\\rc\"): LF becomes CR LF, a bare CR becomes CR NUL";
    out.clear();
    tftp::netascii_encode(bytes("\n\n"), out);
    EXPECT_EQ(str(out), "\r\n\r\n") << "netascii_encode(\"\\n\\n\"): each LF its own CR LF";
}

TEST(Netascii, DecodesAcrossBlocks) {
    tftp::NetasciiDecoder decoder;
    std::vector<std::byte> out;
    decoder.feed(bytes("one\r"), out);  // the CR's partner comes in the next block
    decoder.feed(bytes("\ntwo\r"), out);
    decoder.feed(bytes(std::string_view("\0three\r", 7)), out);
    decoder.finish(out);  // a CR at the very end stays a CR
    EXPECT_EQ(str(out), "one\ntwo\rthree\r")
        << "decoding the blocks \"one\\r\", \"\\ntwo\\r\", \"\\0three\\r\": a CR at a block's "
           "end pairs with the next block's first byte; a CR at the very end stays a CR";

    // Round trip through block sizes that cut every pair somewhere.
    const std::string text = "x\r\ny\n\r\rz\n";
    std::vector<std::byte> wire;
    tftp::netascii_encode(bytes(text), wire);
    for (std::size_t cut = 1; cut <= wire.size(); ++cut) {
        tftp::NetasciiDecoder d;
        std::vector<std::byte> back;
        for (std::size_t i = 0; i < wire.size(); i += cut) {
            d.feed(std::span(wire).subspan(i, std::min(cut, wire.size() - i)), back);
        }
        d.finish(back);
        EXPECT_EQ(str(back), text) << "decoding the netascii of \"x\\r\\ny\\n\\r\\rz\\n\" fed in "
                                   << "blocks of " << cut << " bytes gives the text back";
    }
}
