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
    EXPECT_EQ(e.service, "echo")
        << "the service parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.port, 7) << "the port parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_TRUE(e.stream) << "the stream parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.families, Families::kBoth)
        << "the families parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_FALSE(e.wait) << "the wait parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.max_per_minute, inetd::kDefaultMaxPerMinute)
        << "the max per minute parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.user, "root") << "the user parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.group, "") << "the group parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_EQ(e.internal, Internal::kEcho)
        << "the internal parsed from \"echo stream tcp nowait root internal\"";
    EXPECT_TRUE(e.argv.empty()) << "the argv parsed from \"echo stream tcp nowait root internal\"";

    const ServiceEntry t = parse_service_line("time\tdgram\tudp\twait\troot\tinternal", "");
    EXPECT_EQ(t.port, 37) << "the port parsed from \"time\\tdgram\\tudp\\twait\\troot\\tinternal\"";
    EXPECT_FALSE(t.stream)
        << "the stream parsed from \"time\\tdgram\\tudp\\twait\\troot\\tinternal\"";
    EXPECT_TRUE(t.wait) << "the wait parsed from \"time\\tdgram\\tudp\\twait\\troot\\tinternal\"";
    EXPECT_EQ(t.internal, Internal::kTime)
        << "the internal parsed from \"time\\tdgram\\tudp\\twait\\troot\\tinternal\"";
}

TEST(InetdConfLine, ExternalServerWithArguments) {
    const ServiceEntry e =
        parse_service_line("7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u", "");
    EXPECT_EQ(e.port, 7001)
        << "the port parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.families, Families::kV6)
        << "the families parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.max_per_minute, 50u) << "the max per minute parsed from \"7001 stream tcp6 "
                                        "nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.user, "nobody")
        << "the user parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.group, "nogroup")
        << "the group parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.server, "/bin/cat")
        << "the server parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.internal, Internal::kNone)
        << "the internal parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";
    EXPECT_EQ(e.argv, (std::vector<std::string>{"cat", "-u"}))
        << "the argv parsed from \"7001 stream tcp6 nowait.50 nobody:nogroup /bin/cat cat -u\"";

    const ServiceEntry d = parse_service_line("daytime stream tcp4 wait nobody.nogroup /bin/x", "");
    EXPECT_EQ(d.port, 13)
        << "the port parsed from \"daytime stream tcp4 wait nobody.nogroup /bin/x\"";
    EXPECT_EQ(d.families, Families::kV4)
        << "the families parsed from \"daytime stream tcp4 wait nobody.nogroup /bin/x\"";
    EXPECT_TRUE(d.wait)
        << "the wait parsed from \"daytime stream tcp4 wait nobody.nogroup /bin/x\"";
    EXPECT_EQ(d.group, "nogroup")
        << "the group parsed from \"daytime stream tcp4 wait nobody.nogroup /bin/x\"";
    EXPECT_EQ(d.argv, (std::vector<std::string>{"x"}))
        << "the argv parsed from \"daytime stream tcp4 wait nobody.nogroup /bin/x\": argv0 "
           "defaults to the file name";
}

TEST(InetdConfLine, HostPrefixAndProtocols) {
    const ServiceEntry a =
        parse_service_line("127.0.0.1:chargen dgram udp46 wait root internal", "");
    EXPECT_EQ(a.host, "127.0.0.1")
        << "the host parsed from \"127.0.0.1:chargen dgram udp46 wait root internal\"";
    EXPECT_EQ(a.port, 19)
        << "the port parsed from \"127.0.0.1:chargen dgram udp46 wait root internal\"";
    EXPECT_EQ(a.families, Families::kDualStack)
        << "the families parsed from \"127.0.0.1:chargen dgram udp46 wait root internal\"";
    const ServiceEntry b = parse_service_line("[::1]:7 stream tcp nowait root /bin/cat cat", "");
    EXPECT_EQ(b.host, "::1")
        << "the host parsed from \"[::1]:7 stream tcp nowait root /bin/cat cat\"";
    EXPECT_EQ(b.port, 7) << "the port parsed from \"[::1]:7 stream tcp nowait root /bin/cat cat\"";
    const ServiceEntry c =
        parse_service_line("discard stream tcp nowait root internal", "10.0.0.2");
    EXPECT_EQ(c.host, "10.0.0.2")
        << "the host parsed from \"discard stream tcp nowait root internal\" after a "
           "\"10.0.0.2:\" line: the default that line set";
    const ServiceEntry d =
        parse_service_line("*:discard dgram udp6 wait root internal", "10.0.0.2");
    EXPECT_EQ(d.host, "")
        << "the host parsed from \"*:discard dgram udp6 wait root internal\": '*' is any address";
    EXPECT_EQ(d.families, Families::kV6)
        << "the families parsed from \"*:discard dgram udp6 wait root internal\"";
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
            ADD_FAILURE() << "parse_service_line accepted the bad line \"" << bad.line
                          << "\"; expected an error saying \"" << bad.message << "\"";
        } catch (const np::ParseError& e) {
            EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos)
                << "the error for \"" << bad.line << "\" must say \"" << bad.message
                << "\"; it says \"" << e.what() << "\"";
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
    ASSERT_EQ(config.services.size(), 3u)
        << "the services of a 10-line file with 3 good service lines (3, 7, 9) and 2 bad ones";
    EXPECT_EQ(config.services[0].where, "/etc/inetd.conf:3") << "where the first service is";
    EXPECT_EQ(config.services[1].where, "/etc/inetd.conf:7")
        << "where the second service is, after a bad line and a comment";
    EXPECT_EQ(config.services[1].host, "10.0.0.2")
        << "the host of line 7, set by the \"10.0.0.2:\" line before it";
    EXPECT_EQ(config.services[2].host, "") << "the host of line 9, reset by the \"*:\" line";
    EXPECT_EQ(config.services[2].argv, (std::vector<std::string>{"date"}))
        << "the argv of line 9, \"... /bin/date date\"";
    ASSERT_EQ(config.errors.size(), 2u) << "one error for each bad line (4 and 10)";
    EXPECT_EQ(config.errors[0], "/etc/inetd.conf:4: unknown protocol 'tcq'")
        << "the error for line 4, naming file and line";
    EXPECT_EQ(config.errors[1], "/etc/inetd.conf:10: unknown user 'ghost'")
        << "the error for line 10, naming file and line";
}

TEST(InetdConfFile, SameServiceIgnoresWhereItIsWritten) {
    auto a = parse_service_line("echo stream tcp nowait root internal", "");
    auto b = parse_service_line("echo  stream  tcp  nowait  root  internal", "");
    a.where = "f:1";
    b.where = "f:9";
    EXPECT_TRUE(a.same_service(b)) << "\"echo stream tcp nowait root internal\" at f:1 and the "
                                      "same with double blanks at f:9 are the same service";
    const auto c = parse_service_line("echo stream tcp nowait.10 root internal", "");
    EXPECT_FALSE(a.same_service(c)) << "\"echo stream tcp nowait root internal\" and the same "
                                       "with nowait.10 are not the same service";
}

}  // namespace
