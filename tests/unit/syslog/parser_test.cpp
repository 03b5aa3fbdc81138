// The syslog lab's message parsers: RFC 3164 (and glibc's local variant) and RFC 5424.

#include <gtest/gtest.h>

#include <ctime>

#include "parse_message.hpp"

namespace {

using syslogd::Message;

std::tm received() {
    std::tm t{};
    t.tm_year = 126;
    t.tm_mon = 10;  // November
    t.tm_mday = 5;
    t.tm_hour = 9;
    t.tm_min = 8;
    t.tm_sec = 7;
    return t;
}

TEST(Rfc3164, LocalFormatWithoutHostname) {
    const Message m =
        syslogd::parse_syslog_message("<30>Nov 25 14:08:16 myprog[4242]: started", received());
    EXPECT_EQ(m.priority, 30);
    EXPECT_EQ(m.timestamp, "Nov 25 14:08:16");
    EXPECT_EQ(m.hostname, "") << "glibc's format has no hostname: the receiver fills it in";
    EXPECT_EQ(m.tag, "myprog");
    EXPECT_EQ(m.pid, "4242");
    EXPECT_EQ(m.text, "started");

    const Message no_pid =
        syslogd::parse_syslog_message("<13>Nov  5 04:03:02 root: two words\n", received());
    EXPECT_EQ(no_pid.timestamp, "Nov  5 04:03:02");
    EXPECT_EQ(no_pid.tag, "root");
    EXPECT_EQ(no_pid.pid, "");
    EXPECT_EQ(no_pid.text, "two words") << "the trailing newline glibc keeps is dropped";
}

TEST(Rfc3164, HostnameTagAndPid) {
    const Message m = syslogd::parse_syslog_message(
        "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8",
        received());
    EXPECT_EQ(m.priority, 34);
    EXPECT_EQ(m.timestamp, "Oct 11 22:14:15");
    EXPECT_EQ(m.hostname, "mymachine");
    EXPECT_EQ(m.tag, "su");
    EXPECT_EQ(m.pid, "230");
    EXPECT_EQ(m.text, "'su root' failed for lonvick on /dev/pts/8");

    const Message padded =
        syslogd::parse_syslog_message("<13>Nov 05 01:02:03 host tag: a: b", received());
    EXPECT_EQ(padded.timestamp, "Nov  5 01:02:03") << "normalised to a space-padded day";
    EXPECT_EQ(padded.hostname, "host");
    EXPECT_EQ(padded.text, "a: b");
}

TEST(Rfc3164, NoTimestampNoTagNoPri) {
    const Message m = syslogd::parse_syslog_message("just some text", received());
    EXPECT_EQ(m.priority, 13);
    EXPECT_EQ(m.timestamp, "Nov  5 09:08:07") << "the time of reception";
    EXPECT_EQ(m.tag, "");
    EXPECT_EQ(m.text, "just some text");

    const Message bad = syslogd::parse_syslog_message("<999>Nov 25 14:08:16 p: x", received());
    EXPECT_EQ(bad.priority, 13);
    EXPECT_EQ(bad.tag, "p");
    EXPECT_EQ(bad.text, "x");
}

TEST(Rfc5424, AllFields) {
    const Message m = syslogd::parse_syslog_message(
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 77 ID47 "
        "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
        "[examplePriority@32473 class=\"high\"] \xEF\xBB\xBF"
        "An application event log entry...",
        received());
    EXPECT_EQ(m.priority, 165);
    EXPECT_EQ(m.timestamp, "Oct 11 22:14:15");
    EXPECT_EQ(m.hostname, "mymachine.example.com");
    EXPECT_EQ(m.tag, "evntslog");
    EXPECT_EQ(m.pid, "77");
    EXPECT_EQ(m.msgid, "ID47");
    EXPECT_EQ(m.structured_data,
              "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
              "[examplePriority@32473 class=\"high\"]");
    EXPECT_EQ(m.text, "An application event log entry...") << "the BOM is dropped";
}

TEST(Rfc5424, NilFieldsAndEscapes) {
    const auto m = syslogd::parse_rfc5424("1 - - - - - -");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->timestamp, "");
    EXPECT_EQ(m->hostname, "");
    EXPECT_EQ(m->tag, "");
    EXPECT_EQ(m->pid, "");
    EXPECT_EQ(m->structured_data, "");
    EXPECT_EQ(m->text, "");

    const auto escaped =
        syslogd::parse_rfc5424("1 2026-11-05T01:02:03+01:00 h app - - [id k=\"a\\]b\\\"c\"] msg");
    ASSERT_TRUE(escaped.has_value());
    EXPECT_EQ(escaped->timestamp, "Nov  5 01:02:03");
    EXPECT_EQ(escaped->structured_data, "[id k=\"a\\]b\\\"c\"]") << "']' inside quotes, escaped";
    EXPECT_EQ(escaped->text, "msg");
}

TEST(Rfc5424, RejectsMalformed) {
    EXPECT_FALSE(syslogd::parse_rfc5424("2 - - - - - - msg").has_value()) << "version 2";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 yesterday h a - - - msg").has_value());
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - - [unterminated k=\"v\"").has_value());
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - -").has_value()) << "no STRUCTURED-DATA";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - - -msg").has_value()) << "no space after SD";
    // Not RFC 5424 after all: read as RFC 3164, nothing lost.
    const Message m = syslogd::parse_syslog_message("<13>1 2 3", received());
    EXPECT_EQ(m.text, "1 2 3");
}

}  // namespace
