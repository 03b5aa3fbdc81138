// Which registered clients an ICMP error is for.

#include "registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using icmpd::IcmpError;
using icmpd::Registry;

np::SocketAddress at(const char* host, std::uint16_t port) {
    return *np::SocketAddress::parse_numeric(host, port);
}

IcmpError error_from(const char* source, std::uint16_t port, const char* destination) {
    IcmpError e;
    e.source = at(source, port);
    e.family = e.source.family();
    e.type = e.family == AF_INET ? 3 : 1;
    e.code = e.family == AF_INET ? 3 : 4;
    e.destination = at(destination, 9);
    return e;
}

std::vector<icmpd::ClientId> sorted(std::vector<icmpd::ClientId> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

TEST(Registry, MatchesFamilyPortAndAddress) {
    Registry registry;
    registry.add(5, at("0.0.0.0", 40000));
    registry.add(6, at("0.0.0.0", 40001));
    registry.add(7, at("::", 40000));
    registry.add(8, at("10.0.0.1", 40002));
    registry.add(8, at("::", 40003));  // a client with two sockets

    EXPECT_EQ(registry.recipients(error_from("10.0.0.1", 40000, "10.0.2.2")),
              std::vector<icmpd::ClientId>{5})
        << "an error about a datagram from 10.0.0.1 port 40000: client 5 (0.0.0.0:40000), not 7 "
           "(the same port in IPv6)";
    EXPECT_EQ(registry.recipients(error_from("10.0.0.1", 40001, "10.0.2.2")),
              std::vector<icmpd::ClientId>{6})
        << "an error about a datagram from 10.0.0.1 port 40001: client 6 (0.0.0.0:40001)";
    EXPECT_EQ(registry.recipients(error_from("fd00::1", 40000, "fd00:0:0:2::2")),
              std::vector<icmpd::ClientId>{7})
        << "an error about a datagram from fd00::1 port 40000: client 7 ([::]:40000), not 5 (IPv4)";
    EXPECT_EQ(registry.recipients(error_from("10.0.0.1", 40002, "10.0.2.2")),
              std::vector<icmpd::ClientId>{8})
        << "an error about a datagram from 10.0.0.1 port 40002: client 8 (bound to 10.0.0.1:40002)";
    EXPECT_EQ(registry.recipients(error_from("fd00::1", 40003, "fd00:0:0:2::2")),
              std::vector<icmpd::ClientId>{8})
        << "an error about a datagram from fd00::1 port 40003: client 8's second socket";
    // Bound to 10.0.0.1: a datagram sent from another of the host's addresses is not its.
    EXPECT_TRUE(registry.recipients(error_from("10.0.1.9", 40002, "10.0.2.2")).empty())
        << "from 10.0.1.9 port 40002: client 8 is bound to 10.0.0.1, so nobody";
    // Nobody on that port, or that port in the other family.
    EXPECT_TRUE(registry.recipients(error_from("10.0.0.1", 40009, "10.0.2.2")).empty())
        << "from 10.0.0.1 port 40009: nobody on that port";
    EXPECT_TRUE(registry.recipients(error_from("fd00::1", 40001, "fd00:0:0:2::2")).empty())
        << "from fd00::1 port 40001: port 40001 is registered in IPv4 only";
}

TEST(Registry, ForgetsClientsAndSharesAPort) {
    Registry registry;
    registry.add(5, at("0.0.0.0", 40000));
    registry.add(6, at("0.0.0.0", 40000));  // SO_REUSEPORT: both sockets hear the error
    registry.add(6, at("::", 40000));
    EXPECT_EQ(sorted(registry.recipients(error_from("10.0.0.1", 40000, "10.0.2.2"))),
              (std::vector<icmpd::ClientId>{5, 6}))
        << "clients 5 and 6 both on 0.0.0.0:40000 (SO_REUSEPORT): both get the error";
    registry.remove(6);  // all of its sockets
    EXPECT_FALSE(registry.contains(6)) << "after remove(6)";
    EXPECT_EQ(registry.recipients(error_from("10.0.0.1", 40000, "10.0.2.2")),
              std::vector<icmpd::ClientId>{5})
        << "after remove(6): only client 5 on 0.0.0.0:40000";
    EXPECT_TRUE(registry.recipients(error_from("fd00::1", 40000, "fd00:0:0:2::2")).empty())
        << "after remove(6): its IPv6 socket is gone too";
    registry.remove(5);
    registry.remove(42);  // unknown: nothing happens
    EXPECT_EQ(registry.size(), 0u) << "after removing 6, 5 and an unknown 42";
    EXPECT_TRUE(registry.recipients(error_from("10.0.0.1", 40000, "10.0.2.2")).empty())
        << "after removing everybody";
}

}  // namespace
