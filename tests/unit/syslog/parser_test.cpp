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
    {
        SCOPED_TRACE(R"(parsing "<30>Nov 25 14:08:16 myprog[4242]: started")");
        const Message m =
            syslogd::parse_syslog_message("<30>Nov 25 14:08:16 myprog[4242]: started", received());
        EXPECT_EQ(m.priority, 30) << "the priority";
        EXPECT_EQ(m.timestamp, "Nov 25 14:08:16") << "the timestamp";
        EXPECT_EQ(m.hostname, "")
            << "the hostname: glibc's format has none, the receiver fills it in";
        EXPECT_EQ(m.tag, "myprog") << "the tag";
        EXPECT_EQ(m.pid, "4242") << "the pid";
        EXPECT_EQ(m.text, "started") << "the text";
    }
    {
        SCOPED_TRACE(R"(parsing "<13>Nov  5 04:03:02 root: two words\n")");
        const Message no_pid =
            syslogd::parse_syslog_message("<13>Nov  5 04:03:02 root: two words\n", received());
        EXPECT_EQ(no_pid.timestamp, "Nov  5 04:03:02") << "the timestamp";
        EXPECT_EQ(no_pid.tag, "root") << "the tag";
        EXPECT_EQ(no_pid.pid, "") << "the pid: there is none";
        EXPECT_EQ(no_pid.text, "two words")
            << "the text: the trailing newline glibc keeps is dropped";
    }
}

TEST(Rfc3164, HostnameTagAndPid) {
    {
        SCOPED_TRACE(
            R"(parsing "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8")");
        const Message m = syslogd::parse_syslog_message(
            "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8",
            received());
        EXPECT_EQ(m.priority, 34) << "the priority";
        EXPECT_EQ(m.timestamp, "Oct 11 22:14:15") << "the timestamp";
        EXPECT_EQ(m.hostname, "mymachine") << "the hostname";
        EXPECT_EQ(m.tag, "su") << "the tag";
        EXPECT_EQ(m.pid, "230") << "the pid";
        EXPECT_EQ(m.text, "'su root' failed for lonvick on /dev/pts/8") << "the text";
    }
    {
        SCOPED_TRACE(R"(parsing "<13>Nov 05 01:02:03 host tag: a: b")");
        const Message padded =
            syslogd::parse_syslog_message("<13>Nov 05 01:02:03 host tag: a: b", received());
        EXPECT_EQ(padded.timestamp, "Nov  5 01:02:03")
            << "the timestamp: normalised to a space-padded day";
        EXPECT_EQ(padded.hostname, "host") << "the hostname";
        EXPECT_EQ(padded.text, "a: b") << "the text: only the first ': ' ends the tag";
    }
}

TEST(Rfc3164, NoTimestampNoTagNoPri) {
    {
        SCOPED_TRACE(R"(parsing "just some text", received at Nov  5 09:08:07)");
        const Message m = syslogd::parse_syslog_message("just some text", received());
        EXPECT_EQ(m.priority, 13) << "the priority: user.notice when there is no PRI";
        EXPECT_EQ(m.timestamp, "Nov  5 09:08:07") << "the timestamp: the time of reception";
        EXPECT_EQ(m.tag, "") << "the tag: there is none";
        EXPECT_EQ(m.text, "just some text") << "the text: all of it";
    }
    {
        SCOPED_TRACE(R"(parsing "<999>Nov 25 14:08:16 p: x")");
        const Message bad = syslogd::parse_syslog_message("<999>Nov 25 14:08:16 p: x", received());
        EXPECT_EQ(bad.priority, 13) << "the priority: user.notice when the PRI is invalid";
        EXPECT_EQ(bad.tag, "p") << "the tag";
        EXPECT_EQ(bad.text, "x") << "the text";
    }
}

TEST(Rfc5424, AllFields) {
    SCOPED_TRACE(
        "parsing RFC 5424's example \"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com "
        "evntslog 77 ID47 [exampleSDID@32473 …][examplePriority@32473 class=\\\"high\\\"] "
        "BOM An application event log entry...\"");
    const Message m = syslogd::parse_syslog_message(
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 77 ID47 "
        "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
        "[examplePriority@32473 class=\"high\"] \xEF\xBB\xBF"
        "An application event log entry...",
        received());
    EXPECT_EQ(m.priority, 165) << "the priority";
    EXPECT_EQ(m.timestamp, "Oct 11 22:14:15") << "the timestamp, in RFC 3164's form";
    EXPECT_EQ(m.hostname, "mymachine.example.com") << "the hostname";
    EXPECT_EQ(m.tag, "evntslog") << "the tag: the APP-NAME";
    EXPECT_EQ(m.pid, "77") << "the pid: the PROCID";
    EXPECT_EQ(m.msgid, "ID47") << "the msgid";
    EXPECT_EQ(m.structured_data,
              "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
              "[examplePriority@32473 class=\"high\"]")
        << "the structured data: both elements, as sent";
    EXPECT_EQ(m.text, "An application event log entry...") << "the text: the BOM is dropped";
}

TEST(Rfc5424, NilFieldsAndEscapes) {
    {
        SCOPED_TRACE(R"(parsing "1 - - - - - -": every field nil)");
        const auto m = syslogd::parse_rfc5424("1 - - - - - -");
        ASSERT_TRUE(m.has_value()) << "nil fields are valid";
        EXPECT_EQ(m->timestamp, "") << "the timestamp";
        EXPECT_EQ(m->hostname, "") << "the hostname";
        EXPECT_EQ(m->tag, "") << "the tag";
        EXPECT_EQ(m->pid, "") << "the pid";
        EXPECT_EQ(m->structured_data, "") << "the structured data";
        EXPECT_EQ(m->text, "") << "the text";
    }
    {
        SCOPED_TRACE(R"(parsing "1 2026-11-05T01:02:03+01:00 h app - - [id k=\"a\]b\\\"c\"] msg")");
        const auto escaped = syslogd::parse_rfc5424(
            "1 2026-11-05T01:02:03+01:00 h app - - [id k=\"a\\]b\\\"c\"] msg");
        ASSERT_TRUE(escaped.has_value()) << "escapes inside a parameter value are valid";
        EXPECT_EQ(escaped->timestamp, "Nov  5 01:02:03")
            << "the timestamp: the sender's local time as written";
        EXPECT_EQ(escaped->structured_data, "[id k=\"a\\]b\\\"c\"]")
            << "the structured data: ']' inside quotes, escaped";
        EXPECT_EQ(escaped->text, "msg") << "the text";
    }
}

TEST(Rfc5424, RejectsMalformed) {
    EXPECT_FALSE(syslogd::parse_rfc5424("2 - - - - - - msg").has_value())
        << R"(parse_rfc5424("2 - - - - - - msg"): version 2)";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 yesterday h a - - - msg").has_value())
        << R"(parse_rfc5424("1 yesterday h a - - - msg"): not a timestamp)";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - - [unterminated k=\"v\"").has_value())
        << R"(parse_rfc5424("1 - h a - - [unterminated k=\"v\""): an SD element without ']')";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - -").has_value())
        << R"(parse_rfc5424("1 - h a - -"): no STRUCTURED-DATA)";
    EXPECT_FALSE(syslogd::parse_rfc5424("1 - h a - - -msg").has_value())
        << R"(parse_rfc5424("1 - h a - - -msg"): no space after SD)";
    // Not RFC 5424 after all: read as RFC 3164, nothing lost.
    const Message m = syslogd::parse_syslog_message("<13>1 2 3", received());
    EXPECT_EQ(m.text, "1 2 3")
        << R"(parsing "<13>1 2 3": not RFC 5424 after all, read as RFC 3164 with nothing lost)";
}

}  // namespace
