// The syslog lab's selectors: the left half of a syslog.conf line.

#include "selector.hpp"

#include <gtest/gtest.h>

namespace {

using syslogd::parse_selector;

constexpr int kern = 0, user = 1, mail = 2, auth = 4, news = 7, cron = 9, authpriv = 10,
              local0 = 16;
constexpr int emerg = 0, crit = 2, err = 3, warning = 4, notice = 5, info = 6, debug = 7;

int pri(int facility, int severity) { return facility * 8 + severity; }

TEST(Selector, LevelAndAbove) {
    const auto s = parse_selector("mail.info");
    EXPECT_TRUE(s.matches(pri(mail, info))) << "\"mail.info\" takes mail.info";
    EXPECT_TRUE(s.matches(pri(mail, err))) << "\"mail.info\" takes mail.err";
    EXPECT_TRUE(s.matches(pri(mail, emerg))) << "\"mail.info\" takes mail.emerg";
    EXPECT_FALSE(s.matches(pri(mail, debug)))
        << "\"mail.info\" does not take mail.debug: less urgent than info";
    EXPECT_FALSE(s.matches(pri(user, info)))
        << "\"mail.info\" does not take user.info: another facility";

    const auto all = parse_selector("*.*");
    for (int p = 0; p <= 191; ++p) EXPECT_TRUE(all.matches(p)) << "\"*.*\" takes PRI " << p;
    EXPECT_TRUE(parse_selector("*.err").matches(pri(local0, crit)))
        << "\"*.err\" takes local0.crit";
    EXPECT_FALSE(parse_selector("*.err").matches(pri(local0, warning)))
        << "\"*.err\" does not take local0.warning";
}

TEST(Selector, ListsSemicolonsAndNone) {
    const auto s = parse_selector("mail,news.notice");
    EXPECT_TRUE(s.matches(pri(news, notice))) << "\"mail,news.notice\" takes news.notice";
    EXPECT_TRUE(s.matches(pri(mail, crit))) << "\"mail,news.notice\" takes mail.crit";
    EXPECT_FALSE(s.matches(pri(news, info))) << "\"mail,news.notice\" does not take news.info";

    const auto most = parse_selector("*.info;mail.none;authpriv.none");
    EXPECT_TRUE(most.matches(pri(user, info)))
        << "\"*.info;mail.none;authpriv.none\" takes user.info";
    EXPECT_FALSE(most.matches(pri(mail, emerg))) << "\"*.info;mail.none;authpriv.none\" does not "
                                                    "take mail.emerg: mail.none: nothing of mail";
    EXPECT_FALSE(most.matches(pri(authpriv, err)))
        << "\"*.info;mail.none;authpriv.none\" does not take authpriv.err";
    EXPECT_FALSE(most.matches(pri(user, debug)))
        << "\"*.info;mail.none;authpriv.none\" does not take user.debug";

    const auto later_wins = parse_selector("mail.none;mail.err");
    EXPECT_TRUE(later_wins.matches(pri(mail, err)))
        << "\"mail.none;mail.err\" takes mail.err: read left to right";
    EXPECT_FALSE(later_wins.matches(pri(mail, warning)))
        << "\"mail.none;mail.err\" does not take mail.warning";
}

TEST(Selector, ExactAndNegation) {
    const auto exact = parse_selector("cron.=notice");
    EXPECT_TRUE(exact.matches(pri(cron, notice))) << "\"cron.=notice\" takes cron.notice";
    EXPECT_FALSE(exact.matches(pri(cron, err)))
        << "\"cron.=notice\" does not take cron.err: '=': that level only";

    const auto not_debug = parse_selector("cron.*;cron.!=debug");
    EXPECT_TRUE(not_debug.matches(pri(cron, info))) << "\"cron.*;cron.!=debug\" takes cron.info";
    EXPECT_FALSE(not_debug.matches(pri(cron, debug)))
        << "\"cron.*;cron.!=debug\" does not take cron.debug";

    const auto below_info = parse_selector("local0.*;local0.!info");
    EXPECT_TRUE(below_info.matches(pri(local0, debug)))
        << "\"local0.*;local0.!info\" takes local0.debug";
    EXPECT_FALSE(below_info.matches(pri(local0, info)))
        << "\"local0.*;local0.!info\" does not take local0.info: '!info': info and above out";
    EXPECT_FALSE(below_info.matches(pri(local0, emerg)))
        << "\"local0.*;local0.!info\" does not take local0.emerg";

    const auto alone = parse_selector("kern.!info");
    for (int severity = 0; severity < 8; ++severity) {
        EXPECT_FALSE(alone.matches(pri(kern, severity)))
            << "\"kern.!info\" does not take kern." << severity
            << ": a negation alone takes nothing";
    }
    EXPECT_FALSE(parse_selector("auth.=debug").matches(pri(auth, info)))
        << "\"auth.=debug\" does not take auth.info";
}

TEST(Selector, RejectsUnknownNames) {
    EXPECT_THROW(parse_selector("mial.info"), syslogd::SelectorError)
        << "\"mial.info\": an unknown facility";
    EXPECT_THROW(parse_selector("mail.inf"), syslogd::SelectorError)
        << "\"mail.inf\": an unknown level";
    EXPECT_THROW(parse_selector("mail"), syslogd::SelectorError) << "\"mail\": no level";
    EXPECT_THROW(parse_selector("*.info;"), syslogd::SelectorError) << "\"*.info;\": an empty part";
    EXPECT_NO_THROW(parse_selector("security.warn;kern.panic;mail.error"))
        << "\"security.warn;kern.panic;mail.error\": the old names of auth, warning, emerg and "
           "err";
}

}  // namespace
