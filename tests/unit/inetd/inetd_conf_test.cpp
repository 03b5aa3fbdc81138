// The inetd.conf parser on a table of lines that openbsd-inetd accepts and rejects.

#include "inetd_conf.hpp"

#include <gtest/gtest.h>

#include <string>

#include "np/error.hpp"

namespace {

using inetd::Families;
using inetd::Internal;
using inetd::parse_service_line;
using inetd::ServiceEntry;

TEST(InetdConfLine, InternalServiceByName) {
    const ServiceEntry e = parse_service_line("echo stream tcp nowait root internal", "");
    EXPECT_EQ(e.service, "echo");
    EXPECT_EQ(e.port, 7);
    EXPECT_TRUE(e.stream);
    EXPECT_EQ(e.families, Families::both);
    EXPECT_FALSE(e.wait);
    EXPECT_EQ(e.max_per_minute, inetd::kDefaultMaxPerMinute);
    EXPECT_EQ(e.user, "root");
    EXPECT_EQ(e.group, "");
    EXPECT_EQ(e.internal, Internal::echo);
    EXPECT_TRUE(e.argv.empty());

    const ServiceEntry t = parse_service_line("time\tdgram\tudp\twait\troot\tinternal", "");
    EXPECT_EQ(t.port, 37);
    EXPECT_FALSE(t.stream);
    EXPECT_TRUE(t.wait);
    EXPECT_EQ(t.internal, Internal::time);
}

TEST(InetdConfLine, ExternalServerWithArguments) {
    const ServiceEntry e =
        parse_service_line("7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u", "");
    EXPECT_EQ(e.port, 7001);
    EXPECT_EQ(e.families, Families::v6);
    EXPECT_EQ(e.max_per_minute, 50u);
    EXPECT_EQ(e.user, "nobody");
    EXPECT_EQ(e.group, "nogroup");
    EXPECT_EQ(e.server, "/bin/cat");
    EXPECT_EQ(e.internal, Internal::none);
    EXPECT_EQ(e.argv, (std::vector<std::string>{"cat", "-u"}));

    const ServiceEntry d = parse_service_line("daytime stream tcp4 wait nobody.nogroup /bin/x", "");
    EXPECT_EQ(d.port, 13);
    EXPECT_EQ(d.families, Families::v4);
    EXPECT_TRUE(d.wait);
    EXPECT_EQ(d.group, "nogroup");
    EXPECT_EQ(d.argv, (std::vector<std::string>{"x"}));  // argv0 defaults to the file name
}

TEST(InetdConfLine, HostPrefixAndProtocols) {
    const ServiceEntry a =
        parse_service_line("127.0.0.1:chargen dgram udp46 wait root internal", "");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 19);
    EXPECT_EQ(a.families, Families::dual_stack);
    const ServiceEntry b = parse_service_line("[::1]:7 stream tcp nowait root /bin/cat cat", "");
    EXPECT_EQ(b.host, "::1");
    EXPECT_EQ(b.port, 7);
    const ServiceEntry c =
        parse_service_line("discard stream tcp nowait root internal", "10.0.0.2");
    EXPECT_EQ(c.host, "10.0.0.2");  // the default a "host:" line set
    const ServiceEntry d =
        parse_service_line("*:discard dgram udp6 wait root internal", "10.0.0.2");
    EXPECT_EQ(d.host, "");
    EXPECT_EQ(d.families, Families::v6);
}

struct BadLine {
    const char* line;
    const char* message;
};

TEST(InetdConfLine, RejectsBadLinesSayingWhy) {
    const BadLine table[] = {
        {"echo stream tcq nowait root internal", "unknown protocol 'tcq'"},
        {"echo stream tcp7 nowait root internal", "unknown protocol 'tcp7'"},
        {"echo raw tcp nowait root internal", "unknown socket type 'raw'"},
        {"echo stream udp nowait root internal", "does not go with protocol 'udp'"},
        {"echo dgram tcp wait root internal", "does not go with protocol 'tcp'"},
        {"echo stream tcp sometimes root internal", "expected wait or nowait, got 'sometimes'"},
        {"echo stream tcp nowait.x root internal", "invalid rate limit 'x'"},
        {"echo stream tcp nowait nosuchuser internal", "unknown user 'nosuchuser'"},
        {"echo stream tcp nowait root:nosuchgroup internal", "unknown group 'nosuchgroup'"},
        {"nosuchservice stream tcp nowait root /bin/cat cat",
         "unknown service 'nosuchservice/tcp'"},
        {"70000 stream tcp nowait root /bin/cat cat", "port"},
        {"7001 stream tcp nowait root internal", "unknown internal service '7001'"},
        {"7001 stream tcp nowait root bin/cat cat", "server path must be absolute"},
        {"echo stream tcp nowait root", "expected at least 6 fields, found 5"},
    };
    for (const BadLine& bad : table) {
        try {
            parse_service_line(bad.line, "");
            ADD_FAILURE() << "accepted: " << bad.line;
        } catch (const np::ParseError& e) {
            EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos)
                << bad.line << "\n  said: " << e.what() << "\n  expected: " << bad.message;
        }
    }
}

TEST(InetdConfFile, ReportsFileAndLineAndKeepsTheRest) {
    const auto config = inetd::parse_inetd_config(
        "# a comment\n"
        "\n"
        "echo stream tcp nowait root internal\n"
        "echo stream tcq nowait root internal\n"
        "   # an indented comment\n"
        "10.0.0.2:\n"
        "time dgram udp wait root internal\n"
        "*:\n"
        "daytime stream tcp nowait nobody /bin/date date\n"
        "chargen stream tcp nowait ghost internal\n",
        "/etc/inetd.conf");
    ASSERT_EQ(config.services.size(), 3u);
    EXPECT_EQ(config.services[0].where, "/etc/inetd.conf:3");
    EXPECT_EQ(config.services[1].where, "/etc/inetd.conf:7");
    EXPECT_EQ(config.services[1].host, "10.0.0.2");
    EXPECT_EQ(config.services[2].host, "");
    EXPECT_EQ(config.services[2].argv, (std::vector<std::string>{"date"}));
    ASSERT_EQ(config.errors.size(), 2u);
    EXPECT_EQ(config.errors[0], "/etc/inetd.conf:4: unknown protocol 'tcq'");
    EXPECT_EQ(config.errors[1], "/etc/inetd.conf:10: unknown user 'ghost'");
}

TEST(InetdConfFile, SameServiceIgnoresWhereItIsWritten) {
    auto a = parse_service_line("echo stream tcp nowait root internal", "");
    auto b = parse_service_line("echo  stream  tcp  nowait  root  internal", "");
    a.where = "f:1";
    b.where = "f:9";
    EXPECT_TRUE(a.same_service(b));
    const auto c = parse_service_line("echo stream tcp nowait.10 root internal", "");
    EXPECT_FALSE(a.same_service(c));
}

}  // namespace
