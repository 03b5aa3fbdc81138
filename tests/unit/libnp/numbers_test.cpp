#include "np/numbers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

// The message of the UsageError that `parse` throws, or "" if it does not throw.
template <class F>
std::string usage_error(F parse) {
    try {
        parse();
    } catch (const np::UsageError& e) {
        return e.what();
    }
    return "";
}

TEST(ParseNumber, AcceptsNumbersInRange) {
    EXPECT_EQ(np::parse_number<int>("5", 1, 10, "count"), 5);
    EXPECT_EQ(np::parse_number<int>("-3", -5, 5, "offset"), -3);
    EXPECT_EQ(np::parse_number<std::uint16_t>("65535", 0, 65535, "port"), 65535);
    EXPECT_EQ(np::parse_number<std::uint8_t>("255", 1, 255, "ttl"), 255);
}

TEST(ParseNumber, RejectsWhatIsNotANumber) {
    EXPECT_EQ(usage_error([] { np::parse_number<int>("abc", 1, 10, "count"); }),
              "invalid count: 'abc'");
    EXPECT_EQ(usage_error([] { np::parse_number<int>("", 1, 10, "count"); }), "invalid count: ''");
    EXPECT_EQ(usage_error([] { np::parse_number<int>("10x", 1, 10, "count"); }),
              "invalid count: '10x'");
    EXPECT_EQ(usage_error([] { np::parse_number<int>(" 1", 1, 10, "count"); }),
              "invalid count: ' 1'");
    EXPECT_EQ(usage_error([] { np::parse_number<int>("-", -1, 1, "count"); }),
              "invalid count: '-'");
}

TEST(ParseNumber, RejectsNumbersOutOfRange) {
    EXPECT_EQ(usage_error([] { np::parse_number<int>("0", 1, 65535, "count"); }),
              "count out of range: 0 (1-65535)");
    EXPECT_EQ(usage_error([] { np::parse_number<std::uint8_t>("256", 1, 255, "ttl"); }),
              "ttl out of range: 256 (1-255)");
    EXPECT_EQ(usage_error([] { np::parse_number<unsigned>("-1", 0, 10, "size"); }),
              "size out of range: -1 (0-10)");
    EXPECT_EQ(usage_error([] { np::parse_at_least<long long>("0", 1, "count"); }),
              "count out of range: 0 (at least 1)");
    EXPECT_NE(usage_error([] {
                  np::parse_number<long long>("99999999999999999999", 0, 10, "size");
              }).find("size out of range"),
              std::string::npos);
}

TEST(ParseDecimal, AcceptsDecimals) {
    EXPECT_DOUBLE_EQ(np::parse_decimal("0.2", 0.002, 60, "interval"), 0.2);
    EXPECT_DOUBLE_EQ(np::parse_decimal("1e-2", 0, 1, "interval"), 0.01);
    EXPECT_DOUBLE_EQ(np::parse_decimal("3", 0, 5, "wait"), 3.0);
}

TEST(ParseDecimal, RejectsBadInput) {
    EXPECT_EQ(usage_error([] { np::parse_decimal("fast", 0, 1, "interval"); }),
              "invalid interval: 'fast'");
    EXPECT_EQ(usage_error([] { np::parse_decimal("nan", 0, 1, "interval"); }),
              "invalid interval: 'nan'");
    EXPECT_EQ(usage_error([] { np::parse_decimal("0.5s", 0, 1, "interval"); }),
              "invalid interval: '0.5s'");
    EXPECT_EQ(usage_error([] { np::parse_decimal("0.001", 0.002, 60, "interval"); }),
              "interval out of range: 0.001 (0.002-60)");
}

}  // namespace
