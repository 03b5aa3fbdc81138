#include "np/address.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>

#include <algorithm>
#include <stdexcept>

namespace {

np::SocketAddress numeric(const char* host, std::uint16_t port = 0) {
    auto addr = np::SocketAddress::parse_numeric(host, port);
    EXPECT_TRUE(addr.has_value()) << host;
    return addr.value_or(np::SocketAddress());
}

TEST(SocketAddress, DefaultIsEmpty) {
    np::SocketAddress addr;
    EXPECT_EQ(addr.family(), AF_UNSPEC);
    EXPECT_EQ(addr.size(), 0u);
    EXPECT_EQ(addr.port(), 0);
}

TEST(SocketAddress, ParsesAndPrintsIPv4) {
    auto addr = numeric("192.0.2.1", 53);
    EXPECT_EQ(addr.family(), AF_INET);
    EXPECT_EQ(addr.size(), sizeof(sockaddr_in));
    EXPECT_EQ(addr.port(), 53);
    EXPECT_EQ(addr.host(), "192.0.2.1");
    EXPECT_EQ(addr.to_string(), "192.0.2.1:53");
}

TEST(SocketAddress, ParsesAndPrintsIPv6) {
    auto addr = numeric("2001:db8::1", 53);
    EXPECT_EQ(addr.family(), AF_INET6);
    EXPECT_EQ(addr.size(), sizeof(sockaddr_in6));
    EXPECT_EQ(addr.host(), "2001:db8::1");
    EXPECT_EQ(addr.to_string(), "[2001:db8::1]:53");
    EXPECT_EQ(numeric("::1").to_string(), "::1");  // no port, no brackets
}

TEST(SocketAddress, PortIsInHostOrder) {
    auto addr = numeric("127.0.0.1", 0x1234);
    EXPECT_EQ(reinterpret_cast<const sockaddr_in*>(addr.data())->sin_port, htons(0x1234));
    addr.set_port(8080);
    EXPECT_EQ(addr.port(), 8080);
    EXPECT_EQ(addr.to_string(), "127.0.0.1:8080");
}

TEST(SocketAddress, SetPortNeedsAnInternetAddress) {
    np::SocketAddress addr;
    EXPECT_THROW(addr.set_port(1), std::logic_error);
}

TEST(SocketAddress, RejectsNonNumericHosts) {
    EXPECT_FALSE(np::SocketAddress::parse_numeric("localhost"));
    EXPECT_FALSE(np::SocketAddress::parse_numeric("300.1.1.1"));
    EXPECT_FALSE(np::SocketAddress::parse_numeric(""));
    EXPECT_FALSE(np::SocketAddress::parse_numeric("2001:db8::1::2"));
}

TEST(SocketAddress, ComparesFamilyAddressAndPort) {
    EXPECT_EQ(numeric("10.0.0.1", 7), numeric("10.0.0.1", 7));
    EXPECT_FALSE(numeric("10.0.0.1", 7) == numeric("10.0.0.2", 7));
    EXPECT_FALSE(numeric("10.0.0.1", 7) == numeric("10.0.0.1", 8));
    EXPECT_FALSE(numeric("::ffff:10.0.0.1") == numeric("10.0.0.1"));
    EXPECT_EQ(numeric("fd00::1"), numeric("fd00:0::1"));
}

TEST(SocketAddress, CopiesARawSockaddr) {
    sockaddr_in raw{};
    raw.sin_family = AF_INET;
    raw.sin_port = htons(9);
    inet_pton(AF_INET, "198.51.100.7", &raw.sin_addr);
    np::SocketAddress addr(reinterpret_cast<const sockaddr*>(&raw), sizeof(raw));
    EXPECT_EQ(addr, numeric("198.51.100.7", 9));
}

TEST(SocketAddress, SizePtrOffersTheFullCapacity) {
    np::SocketAddress addr;
    EXPECT_EQ(*addr.size_ptr(), sizeof(sockaddr_storage));
}

TEST(Resolve, NumericAddressNeedsNoLookup) {
    auto addresses = np::resolve("192.0.2.9");
    ASSERT_EQ(addresses.size(), 1u);  // one entry, although getaddrinfo lists three types
    EXPECT_EQ(addresses[0], numeric("192.0.2.9"));
}

TEST(Resolve, Localhost) {
    auto addresses = np::resolve("localhost", AF_INET);
    ASSERT_FALSE(addresses.empty());
    EXPECT_EQ(addresses[0].family(), AF_INET);
    EXPECT_EQ(addresses[0].host().rfind("127.", 0), 0u) << addresses[0].host();
}

TEST(Resolve, FamilyFilters) {
    auto addresses = np::resolve("::1", AF_INET6, SOCK_DGRAM);
    ASSERT_EQ(addresses.size(), 1u);
    EXPECT_EQ(addresses[0].family(), AF_INET6);
    EXPECT_THROW(np::resolve("::1", AF_INET), np::ResolveError);
}

TEST(Resolve, UnknownNameGivesGetaddrinfosMessage) {
    // .invalid is reserved (RFC 6761): it never resolves. Without a DNS server the
    // lookup can also fail as "temporary failure"; either way the text is gai_strerror's.
    try {
        np::resolve("no-such-host.invalid");
        FAIL() << "resolved a name under .invalid";
    } catch (const np::ResolveError& e) {
        EXPECT_STREQ(e.what(), gai_strerror(e.code()));
        if (e.code() == EAI_NONAME) {
            EXPECT_STREQ(e.what(), "Name or service not known");
        }
    }
}

TEST(ReverseName, FallsBackToTheNumericHost) {
    // 192.0.2.0/24 is for documentation (RFC 5737), so it has no name.
    EXPECT_EQ(np::reverse_name(numeric("192.0.2.77")), "192.0.2.77");
}

TEST(ReverseName, FindsLocalhost) {
    std::string name = np::reverse_name(numeric("127.0.0.1"));
    EXPECT_NE(name, "");
    EXPECT_NE(name, "127.0.0.1") << "no name for 127.0.0.1 in /etc/hosts?";
}

}  // namespace

TEST(SocketAddress, FromHeaderBytes) {
    const std::byte v4[] = {std::byte{192}, std::byte{0}, std::byte{2}, std::byte{7}};
    EXPECT_EQ(np::SocketAddress::from_bytes(AF_INET, v4, 53).to_string(), "192.0.2.7:53");

    std::byte v6[16] = {std::byte{0x20}, std::byte{0x01}, std::byte{0x0d}, std::byte{0xb8}};
    v6[15] = std::byte{1};
    const auto six = np::SocketAddress::from_bytes(AF_INET6, v6, 33434);
    EXPECT_EQ(six.to_string(), "[2001:db8::1]:33434");
    EXPECT_EQ(six.port(), 33434);

    EXPECT_THROW(np::SocketAddress::from_bytes(AF_INET6, v4), std::invalid_argument);
    EXPECT_THROW(np::SocketAddress::from_bytes(AF_UNIX, v4), std::invalid_argument);
}

TEST(SocketAddress, SameHostIgnoresThePort) {
    const auto a = np::SocketAddress::parse_numeric("192.0.2.7", 53);
    const auto b = np::SocketAddress::parse_numeric("192.0.2.7", 33434);
    const auto c = np::SocketAddress::parse_numeric("192.0.2.8", 53);
    const auto six = np::SocketAddress::parse_numeric("2001:db8::7", 53);
    EXPECT_TRUE(a->same_host(*b));
    EXPECT_FALSE(a->same_host(*c));
    EXPECT_FALSE(a->same_host(*six));
    EXPECT_TRUE(six->same_host(*np::SocketAddress::parse_numeric("2001:db8::7")));
    EXPECT_FALSE(six->same_host(*np::SocketAddress::parse_numeric("2001:db8::8")));
}
