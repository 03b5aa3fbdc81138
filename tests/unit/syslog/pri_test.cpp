// The syslog lab's PRI: "<PRI>" at the start of a datagram, facility * 8 + severity.

#include <gtest/gtest.h>

#include "priority.hpp"

namespace {

using syslogd::decode_pri;
using syslogd::DecodedPri;

TEST(PriDecode, ReadsFacilityAndSeverity) {
    const DecodedPri auth_crit = decode_pri("<34>Oct 11 22:14:15 mymachine su: failed");
    EXPECT_EQ(auth_crit.status, DecodedPri::kOk) << "decode_pri(\"<34>Oct 11 …\"): a valid PRI";
    EXPECT_EQ(auth_crit.priority, 34) << "decode_pri(\"<34>Oct 11 …\"): auth (4) * 8 + crit (2)";
    EXPECT_EQ(auth_crit.length, 4u) << "decode_pri(\"<34>Oct 11 …\"): the length of \"<34>\"";
    EXPECT_EQ(syslogd::facility_of(auth_crit.priority), 4) << "facility_of(34): auth is 4";
    EXPECT_EQ(syslogd::severity_of(auth_crit.priority), 2) << "severity_of(34): crit is 2";

    EXPECT_EQ(decode_pri("<0>kernel panic").priority, 0)
        << "decode_pri(\"<0>kernel panic\"): kern.emerg, a single digit";
    EXPECT_EQ(decode_pri("<0>kernel panic").length, 3u)
        << "decode_pri(\"<0>kernel panic\"): the length of \"<0>\"";
    EXPECT_EQ(decode_pri("<191>").priority, 191)
        << "decode_pri(\"<191>\"): local7.debug, the largest";
    EXPECT_EQ(decode_pri("<191>").status, DecodedPri::kOk)
        << "decode_pri(\"<191>\"): the largest PRI is valid";
}

TEST(PriDecode, MissingOrBadPriGetsUserNotice) {
    for (const char* text : {"no pri at all", "", "<", "<>", "<12", "<1a>", "13>"}) {
        const DecodedPri missing = decode_pri(text);
        EXPECT_EQ(missing.status, DecodedPri::kMissing)
            << "decode_pri(\"" << text << "\"): no PRI there";
        EXPECT_EQ(missing.priority, 13)
            << "decode_pri(\"" << text << "\"): user.notice, the default";
        EXPECT_EQ(missing.length, 0u) << "decode_pri(\"" << text << "\"): nothing to skip";
    }
    for (const char* text : {"<192>x", "<999>x", "<1000>x", "<01>x", "<00>x"}) {
        const DecodedPri invalid = decode_pri(text);
        EXPECT_EQ(invalid.status, DecodedPri::kInvalid)
            << "decode_pri(\"" << text << "\"): above 191 or a leading zero is invalid";
        EXPECT_EQ(invalid.priority, 13)
            << "decode_pri(\"" << text << "\"): an invalid PRI gives user.notice";
        EXPECT_EQ(invalid.length, std::string_view(text).size() - 1)
            << "decode_pri(\"" << text << "\"): skip the <...>";
    }
}

}  // namespace
