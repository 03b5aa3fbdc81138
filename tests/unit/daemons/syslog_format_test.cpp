// The daemons lab's syslog messages: the datagrams glibc's syslog(3) writes to /dev/log.

#include <gtest/gtest.h>
#include <syslog.h>

#include <ctime>
#include <string>

#include "syslog_client.hpp"

namespace {

std::tm local_time(int month, int day, int hour, int minute, int second) {
    std::tm t{};
    t.tm_year = 124;
    t.tm_mon = month;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    return t;
}

TEST(SyslogFormat, MatchesGlibc) {
    EXPECT_EQ(daemons::format_syslog_message(LOG_DAEMON | LOG_INFO, local_time(10, 25, 14, 8, 16),
                                             "np-daemond", 4242, "started on port 7007"),
              "<30>Nov 25 14:08:16 np-daemond[4242]: started on port 7007")
        << "daemon.info from np-daemond, pid 4242, at Nov 25 14:08:16";
    EXPECT_EQ(daemons::format_syslog_message(LOG_USER | LOG_NOTICE, local_time(0, 5, 3, 4, 5), "x",
                                             1, "a%sb"),
              "<13>Jan  5 03:04:05 x[1]: a%sb")
        << "user.notice from x, pid 1, at Jan 5 03:04:05, text \"a%sb\": the day is padded with "
           "a space (%e), hours with a zero; the message is not a format";
}

TEST(SyslogFormat, PriorityIsFacilityTimesEightPlusSeverity) {
    const std::tm t = local_time(11, 31, 23, 59, 59);
    EXPECT_EQ(daemons::format_syslog_message(LOG_DAEMON | LOG_ERR, t, "d", 7, "m"),
              "<27>Dec 31 23:59:59 d[7]: m")
        << "daemon (3) * 8 + err (3)";
    EXPECT_EQ(daemons::format_syslog_message(LOG_KERN | LOG_EMERG, t, "d", 7, "m"),
              "<0>Dec 31 23:59:59 d[7]: m")
        << "kern (0) * 8 + emerg (0)";
    EXPECT_EQ(daemons::format_syslog_message(LOG_LOCAL7 | LOG_DEBUG, t, "d", 7, "m"),
              "<191>Dec 31 23:59:59 d[7]: m")
        << "local7 (23) * 8 + debug (7)";
}

}  // namespace
