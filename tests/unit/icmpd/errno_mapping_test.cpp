// The errno np-icmpd reports for each ICMP error.

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cerrno>

#include "icmp_error.hpp"

namespace {

using icmpd::errno_for;

TEST(ErrnoMapping, Icmpv4) {
    EXPECT_EQ(errno_for(AF_INET, 3, 3), ECONNREFUSED)
        << "ICMP type 3 code 3 (port unreachable): ECONNREFUSED";
    EXPECT_EQ(errno_for(AF_INET, 3, 0), ENETUNREACH)
        << "ICMP type 3 code 0 (net unreachable): ENETUNREACH";
    EXPECT_EQ(errno_for(AF_INET, 3, 6), ENETUNREACH)
        << "ICMP type 3 code 6 (destination net unknown): ENETUNREACH";
    EXPECT_EQ(errno_for(AF_INET, 3, 1), EHOSTUNREACH)
        << "ICMP type 3 code 1 (host unreachable): EHOSTUNREACH";
    EXPECT_EQ(errno_for(AF_INET, 3, 7), EHOSTUNREACH)
        << "ICMP type 3 code 7 (destination host unknown): EHOSTUNREACH";
    EXPECT_EQ(errno_for(AF_INET, 3, 2), ENOPROTOOPT)
        << "ICMP type 3 code 2 (protocol unreachable): ENOPROTOOPT";
    EXPECT_EQ(errno_for(AF_INET, 3, 4), EMSGSIZE)
        << "ICMP type 3 code 4 (fragmentation needed): EMSGSIZE";
    EXPECT_EQ(errno_for(AF_INET, 3, 9), EACCES)
        << "ICMP type 3 code 9 (net administratively prohibited): EACCES";
    EXPECT_EQ(errno_for(AF_INET, 3, 10), EACCES)
        << "ICMP type 3 code 10 (host administratively prohibited): EACCES";
    EXPECT_EQ(errno_for(AF_INET, 3, 13), EACCES)
        << "ICMP type 3 code 13 (communication prohibited): EACCES";
    EXPECT_EQ(errno_for(AF_INET, 11, 0), ETIMEDOUT)
        << "ICMP type 11 code 0 (TTL exceeded in transit): ETIMEDOUT";
    EXPECT_EQ(errno_for(AF_INET, 11, 1), ETIMEDOUT)
        << "ICMP type 11 code 1 (reassembly time exceeded): ETIMEDOUT";
    EXPECT_EQ(errno_for(AF_INET, 12, 0), EPROTO)
        << "ICMP type 12 code 0 (parameter problem): EPROTO";
    EXPECT_EQ(errno_for(AF_INET, 0, 0), 0)
        << "ICMP type 0 code 0 (echo reply: no error): no error, 0";
    EXPECT_EQ(errno_for(AF_INET, 8, 0), 0) << "ICMP type 8 code 0 (echo request): no error, 0";
    EXPECT_EQ(errno_for(AF_INET, 5, 1), 0) << "ICMP type 5 code 1 (redirect): no error, 0";
}

TEST(ErrnoMapping, Icmpv6) {
    EXPECT_EQ(errno_for(AF_INET6, 1, 4), ECONNREFUSED)
        << "ICMPv6 type 1 code 4 (port unreachable): ECONNREFUSED";
    EXPECT_EQ(errno_for(AF_INET6, 1, 0), ENETUNREACH)
        << "ICMPv6 type 1 code 0 (no route to destination): ENETUNREACH";
    EXPECT_EQ(errno_for(AF_INET6, 1, 3), EHOSTUNREACH)
        << "ICMPv6 type 1 code 3 (address unreachable): EHOSTUNREACH";
    EXPECT_EQ(errno_for(AF_INET6, 1, 1), EACCES)
        << "ICMPv6 type 1 code 1 (administratively prohibited): EACCES";
    EXPECT_EQ(errno_for(AF_INET6, 2, 0), EMSGSIZE)
        << "ICMPv6 type 2 code 0 (packet too big): EMSGSIZE";
    EXPECT_EQ(errno_for(AF_INET6, 3, 0), ETIMEDOUT)
        << "ICMPv6 type 3 code 0 (hop limit exceeded): ETIMEDOUT";
    EXPECT_EQ(errno_for(AF_INET6, 4, 0), EPROTO)
        << "ICMPv6 type 4 code 0 (parameter problem): EPROTO";
    EXPECT_EQ(errno_for(AF_INET6, 128, 0), 0)
        << "ICMPv6 type 128 code 0 (echo request): no error, 0";
    EXPECT_EQ(errno_for(AF_INET6, 129, 0), 0) << "ICMPv6 type 129 code 0 (echo reply): no error, 0";
    EXPECT_EQ(errno_for(AF_INET6, 3, 3), ETIMEDOUT)
        << "ICMPv6 type 3 code 3: 3/3 is an ICMPv6 type (time exceeded), not v4's 3/3";
    EXPECT_EQ(errno_for(AF_INET6, 11, 0), 0) << "ICMPv6 type 11 code 0: 11 is no ICMPv6 error type";
}

}  // namespace
