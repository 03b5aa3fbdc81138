// Hop lines, character for character as Debian's traceroute prints them.

#include "hop_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using traceroute::ProbeResult;

ProbeResult answer(const char* address, long us, std::string annotation = "") {
    return ProbeResult{np::SocketAddress::parse_numeric(address), std::chrono::microseconds(us),
                       std::move(annotation)};
}

ProbeResult timeout() { return ProbeResult{}; }

std::string numeric(const np::SocketAddress& address) { return address.host(); }

std::string line(int ttl, const std::vector<ProbeResult>& probes) {
    return traceroute::format_hop(ttl, probes, numeric);
}

TEST(HopLine, AddressOncePerChange) {
    EXPECT_EQ(line(1, {answer("10.0.0.2", 56), answer("10.0.0.2", 8), answer("10.0.0.2", 6)}),
              " 1  10.0.0.2  0.056 ms  0.008 ms  0.006 ms")
        << "hop 1, three answers from 10.0.0.2 in 56, 8 and 6 us: the address once, the TTL "
           "right-aligned in 2 columns";
    EXPECT_EQ(
        line(12, {answer("10.0.1.2", 1234), answer("10.0.9.9", 20000), answer("10.0.1.2", 5)}),
        "12  10.0.1.2  1.234 ms 10.0.9.9  20.000 ms 10.0.1.2  0.005 ms")
        << "hop 12: answers from 10.0.1.2, 10.0.9.9, 10.0.1.2: an address is printed again "
           "whenever it differs from the previous answer's";
    EXPECT_EQ(line(3, {answer("fd00:0:0:2::2", 40), answer("fd00:0:0:2::2", 11)}),
              " 3  fd00:0:0:2::2  0.040 ms  0.011 ms")
        << "hop 3, two answers from fd00:0:0:2::2 in 40 and 11 us";
    // The name shown is whatever the caller's function makes of the address.
    EXPECT_EQ(
        traceroute::format_hop(2, std::vector<ProbeResult>{answer("10.0.1.2", 1000)},
                               [](const np::SocketAddress& a) { return "r2 (" + a.host() + ")"; }),
        " 2  r2 (10.0.1.2)  1.000 ms")
        << "hop 2 with a naming function that gives \"r2 (10.0.1.2)\": the name is printed as it "
           "gives it";
}

TEST(HopLine, TimeoutsAndAnnotations) {
    EXPECT_EQ(line(2, {timeout(), timeout(), timeout()}), " 2  * * *") << "hop 2, three timeouts";
    EXPECT_EQ(line(4, {timeout(), answer("10.0.3.2", 27), timeout()}), " 4  * 10.0.3.2  0.027 ms *")
        << "hop 4: a timeout, an answer from 10.0.3.2 in 27 us, a timeout";
    EXPECT_EQ(line(5, {answer("10.0.4.2", 30), timeout(), answer("10.0.4.2", 12)}),
              " 5  10.0.4.2  0.030 ms *  0.012 ms")
        << "hop 5: answer, timeout, answer from 10.0.4.2: a timeout between two answers from one "
           "address does not repeat the address";
    EXPECT_EQ(line(6, {answer("10.0.2.2", 23, "!H"), answer("10.0.2.2", 7, "!H"), timeout()}),
              " 6  10.0.2.2  0.023 ms !H  0.007 ms !H *")
        << "hop 6: two answers annotated !H, then a timeout: the annotation after each time";
    EXPECT_EQ(line(1, {answer("10.0.0.2", 100, "!F-1400")}), " 1  10.0.0.2  0.100 ms !F-1400")
        << "hop 1: one answer annotated !F-1400";
}

}  // namespace
