// Option negotiation on the server's side (RFC 2347-2349).

#include "tftp_options.hpp"

#include <gtest/gtest.h>

namespace {

tftp::Request rrq(tftp::Options options) {
    return tftp::Request{tftp::Opcode::kRrq, "f", "octet", std::move(options)};
}

}  // namespace

TEST(Negotiation, AcceptsBlksizeTimeoutTsize) {
    tftp::TransferSettings defaults;
    auto result = tftp::negotiate(rrq({{"BlkSize", "1428"}, {"timeout", "3"}, {"tsize", "0"}}),
                                  defaults, 123456);
    EXPECT_EQ(result.settings.block_size, 1428u) << "an RRQ asking BlkSize 1428 (any case)";
    EXPECT_EQ(result.settings.timeout, std::chrono::seconds(3)) << "an RRQ asking timeout 3";
    EXPECT_EQ(result.accepted,
              (tftp::Options{{"blksize", "1428"}, {"timeout", "3"}, {"tsize", "123456"}}))
        << "the OACK to an RRQ of a 123456-byte file asking BlkSize 1428, timeout 3, tsize 0: "
           "names lower-cased, tsize answered with the file's size";

    // Too large a block is lowered to the largest; a WRQ's tsize is the client's own.
    tftp::Request wrq{tftp::Opcode::kWrq, "f", "octet", {{"blksize", "70000"}, {"tsize", "99"}}};
    result = tftp::negotiate(wrq, defaults, std::nullopt);
    EXPECT_EQ(result.settings.block_size, 65464u)
        << "a WRQ asking blksize 70000: lowered to the largest, 65464";
    EXPECT_EQ(result.accepted, (tftp::Options{{"blksize", "65464"}, {"tsize", "99"}}))
        << "the OACK to a WRQ asking blksize 70000, tsize 99: the client's own tsize echoed";
}

TEST(Negotiation, IgnoresBadAndUnknownOptions) {
    tftp::TransferSettings defaults;
    const auto result =
        tftp::negotiate(rrq({{"blksize", "7"},
                             {"timeout", "0"},
                             {"timeout", "256"},
                             {"windowsize", "4"},
                             {"blksize", "12x"},
                             {"tsize", "0"}}),
                        defaults, std::nullopt);  // size unknown (netascii): no tsize either
    EXPECT_TRUE(result.accepted.empty())
        << "blksize 7 and 12x, timeout 0 and 256, windowsize, and tsize of a file of unknown "
           "size are all left out of the OACK";
    EXPECT_EQ(result.settings.block_size, 512u) << "a refused blksize leaves the default 512";
    EXPECT_EQ(result.settings.timeout, defaults.timeout) << "a refused timeout leaves the default";
}
