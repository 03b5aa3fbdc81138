#include "np/command_line.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "np/error.hpp"

namespace {

using Seen = std::vector<std::pair<char, std::string>>;

const np::OptionSyntax kPingLike{"46hnq", "cisW", {{"help", 'h'}, {"skip", 'S', true}}};

// The options seen, in order, and the operands.
std::pair<Seen, std::vector<std::string>> read(const std::vector<std::string>& args) {
    Seen seen;
    auto operands = np::read_command_line(args, kPingLike, [&](char letter, std::string_view v) {
        seen.emplace_back(letter, std::string(v));
    });
    return {seen, operands};
}

std::string usage_error(const std::vector<std::string>& args) {
    try {
        read(args);
    } catch (const np::UsageError& e) {
        return e.what();
    }
    return "";
}

TEST(CommandLine, ValuesAttachedOrSeparate) {
    auto [seen, operands] = read({"-c", "3", "-i0.2", "host"});
    EXPECT_EQ(seen, (Seen{{'c', "3"}, {'i', "0.2"}}));
    EXPECT_EQ(operands, std::vector<std::string>{"host"});
}

TEST(CommandLine, ClustersEndAtAnOptionWithAValue) {
    auto [seen, operands] = read({"-nqc5", "-4", "host", "56"});
    EXPECT_EQ(seen, (Seen{{'n', ""}, {'q', ""}, {'c', "5"}, {'4', ""}}));
    EXPECT_EQ(operands, (std::vector<std::string>{"host", "56"}));
}

TEST(CommandLine, DoubleDashEndsOptions) {
    auto [seen, operands] = read({"-n", "--", "-c", "-"});
    EXPECT_EQ(seen, (Seen{{'n', ""}}));
    EXPECT_EQ(operands, (std::vector<std::string>{"-c", "-"}));
}

TEST(CommandLine, LongOptionsMapToLetters) {
    auto [seen, operands] = read({"--help", "--skip=a,b", "--skip", "c"});
    EXPECT_EQ(seen, (Seen{{'h', ""}, {'S', "a,b"}, {'S', "c"}}));
    EXPECT_TRUE(operands.empty());
}

TEST(CommandLine, MistakesInGetoptsWords) {
    EXPECT_EQ(usage_error({"-x"}), "invalid option -- 'x'");
    EXPECT_EQ(usage_error({"-S", "a"}), "invalid option -- 'S'");  // long only
    EXPECT_EQ(usage_error({"host", "-c"}), "option requires an argument -- 'c'");
    EXPECT_EQ(usage_error({"--count=3"}), "unrecognized option '--count=3'");
    EXPECT_EQ(usage_error({"--help=yes"}), "option '--help' doesn't allow an argument");
    EXPECT_EQ(usage_error({"--skip"}), "option '--skip' requires an argument");
}

}  // namespace
