// The syslog lab's client API: the bytes np::syslog sends, as glibc's syslog(3) sends them.

#include <gtest/gtest.h>

#include <cerrno>
#include <ctime>

#include "line_format.hpp"
#include "np_syslog.hpp"

namespace {

std::tm local_time(int month, int day, int hour, int minute, int second) {
    std::tm t{};
    t.tm_year = 126;
    t.tm_mon = month;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    return t;
}

TEST(LocalFormat, MatchesGlibc) {
    EXPECT_EQ(np::format_local_message(LOG_LOCAL3 | LOG_WARNING, local_time(10, 25, 14, 8, 16),
                                       "cmp", 4242, "same bytes"),
              "<156>Nov 25 14:08:16 cmp[4242]: same bytes")
        << "local3.warning from cmp, pid 4242, at Nov 25 14:08:16, text \"same bytes\"";
    EXPECT_EQ(np::format_local_message(LOG_MAIL | LOG_INFO, local_time(0, 5, 3, 4, 5), "nopid", 0,
                                       "100% sure\n"),
              "<22>Jan  5 03:04:05 nopid: 100% sure\n")
        << "mail.info from nopid, pid 0, at Jan 5 03:04:05, text \"100% sure\\n\": "
           "no [PID] without LOG_PID; the day padded with a space; the text as it is";
}

TEST(LocalFormat, PercentMIsStrerror) {
    EXPECT_EQ(np::expand_errno("open: %m", ENOENT), "open: No such file or directory")
        << "expand_errno(\"open: %m\", ENOENT): %m becomes strerror(errno)";
    EXPECT_EQ(np::expand_errno("%m%m", EACCES), "Permission deniedPermission denied")
        << "expand_errno(\"%m%m\", EACCES): every %m";
    EXPECT_EQ(np::expand_errno("100%% %s %m", EPERM), "100%% %s Operation not permitted")
        << "expand_errno(\"100%% %s %m\", EPERM): '%%' and other conversions are printf's "
           "business";
    EXPECT_EQ(np::expand_errno("trailing %", EPERM), "trailing %")
        << "expand_errno(\"trailing %\", EPERM): a lone % at the end stays";
}

TEST(LocalFormat, StderrLineForLogPerror) {
    EXPECT_EQ(np::format_stderr_line("both", 7, "to stderr too"), "both[7]: to stderr too\n")
        << "format_stderr_line(\"both\", 7, \"to stderr too\"): tag[pid]: text, newline";
    EXPECT_EQ(np::format_stderr_line("x", 0, "has one\n"), "x: has one\n")
        << "format_stderr_line(\"x\", 0, \"has one\\n\"): no [pid] for pid 0; a newline only "
           "if the message has none";
}

TEST(LineFormat, EscapesControlCharactersAndBadUtf8) {
    EXPECT_EQ(syslogd::escape_control_characters("a\nb\tc\x1b[31m"), "a#012b#011c#033[31m")
        << "escaping \"a\\nb\\tc\\x1b[31m\": a control character becomes # and 3 octal digits";
    EXPECT_EQ(syslogd::escape_control_characters(std::string("nul\0here\x7f", 9)),
              "nul#000here#177")
        << "escaping \"nul\\0here\\x7f\": NUL and DEL too";
    EXPECT_EQ(syslogd::escape_control_characters("bad \xff\xfe, ok \xc3\xa9 \xe2\x82\xac"),
              "bad #377#376, ok \xc3\xa9 \xe2\x82\xac")
        << "escaping \"bad \\xff\\xfe, ok \\xc3\\xa9 \\xe2\\x82\\xac\": bytes that are not "
           "UTF-8 escaped, valid UTF-8 kept";
    EXPECT_EQ(syslogd::escape_control_characters("\xc3(\xc0\xaf"), "#303(#300#257")
        << "escaping \"\\xc3(\\xc0\\xaf\": a lead byte without its continuation, an overlong "
           "form";

    syslogd::Message m;
    m.timestamp = "Nov  5 14:08:16";
    m.hostname = "h";
    m.tag = "t";
    m.pid = "1";
    m.text = "one\ntwo";
    EXPECT_EQ(syslogd::format_file_line(m), "Nov  5 14:08:16 h t[1]: one#012two\n")
        << "the file line of a message from host h, tag t, pid 1, text \"one\\ntwo\": the "
           "newline escaped";
}

}  // namespace
