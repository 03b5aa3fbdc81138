// The errno np-icmpd reports for each ICMP error.

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cerrno>

#include "icmp_error.hpp"

namespace {

using icmpd::errno_for;

TEST(ErrnoMapping, Icmpv4) {
    EXPECT_EQ(errno_for(AF_INET, 3, 3), ECONNREFUSED);  // port unreachable
    EXPECT_EQ(errno_for(AF_INET, 3, 0), ENETUNREACH);   // net unreachable
    EXPECT_EQ(errno_for(AF_INET, 3, 6), ENETUNREACH);   // destination net unknown
    EXPECT_EQ(errno_for(AF_INET, 3, 1), EHOSTUNREACH);  // host unreachable
    EXPECT_EQ(errno_for(AF_INET, 3, 7), EHOSTUNREACH);  // destination host unknown
    EXPECT_EQ(errno_for(AF_INET, 3, 2), ENOPROTOOPT);   // protocol unreachable
    EXPECT_EQ(errno_for(AF_INET, 3, 4), EMSGSIZE);      // fragmentation needed
    EXPECT_EQ(errno_for(AF_INET, 3, 9), EACCES);        // net administratively prohibited
    EXPECT_EQ(errno_for(AF_INET, 3, 10), EACCES);       // host administratively prohibited
    EXPECT_EQ(errno_for(AF_INET, 3, 13), EACCES);       // communication prohibited
    EXPECT_EQ(errno_for(AF_INET, 11, 0), ETIMEDOUT);    // TTL exceeded in transit
    EXPECT_EQ(errno_for(AF_INET, 11, 1), ETIMEDOUT);    // reassembly time exceeded
    EXPECT_EQ(errno_for(AF_INET, 12, 0), EPROTO);       // parameter problem
    EXPECT_EQ(errno_for(AF_INET, 0, 0), 0);             // echo reply: no error
    EXPECT_EQ(errno_for(AF_INET, 8, 0), 0);             // echo request
    EXPECT_EQ(errno_for(AF_INET, 5, 1), 0);             // redirect
}

TEST(ErrnoMapping, Icmpv6) {
    EXPECT_EQ(errno_for(AF_INET6, 1, 4), ECONNREFUSED);  // port unreachable
    EXPECT_EQ(errno_for(AF_INET6, 1, 0), ENETUNREACH);   // no route to destination
    EXPECT_EQ(errno_for(AF_INET6, 1, 3), EHOSTUNREACH);  // address unreachable
    EXPECT_EQ(errno_for(AF_INET6, 1, 1), EACCES);        // administratively prohibited
    EXPECT_EQ(errno_for(AF_INET6, 2, 0), EMSGSIZE);      // packet too big
    EXPECT_EQ(errno_for(AF_INET6, 3, 0), ETIMEDOUT);     // hop limit exceeded
    EXPECT_EQ(errno_for(AF_INET6, 4, 0), EPROTO);        // parameter problem
    EXPECT_EQ(errno_for(AF_INET6, 128, 0), 0);           // echo request
    EXPECT_EQ(errno_for(AF_INET6, 129, 0), 0);           // echo reply
    EXPECT_EQ(errno_for(AF_INET6, 3, 3), ETIMEDOUT) << "3/3 is an ICMPv6 type, not v4's 3/3";
    EXPECT_EQ(errno_for(AF_INET6, 11, 0), 0) << "11 is no ICMPv6 error type";
}

}  // namespace
