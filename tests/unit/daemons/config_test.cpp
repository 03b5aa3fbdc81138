// The daemons lab's configuration parser: what np-daemond reads at start and on SIGHUP.

#include "config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using daemons::Config;
using daemons::ConfigError;
using daemons::parse_config;

// The message parse_config throws for `text`, or "" if it throws nothing.
std::string error_of(const std::string& text) {
    try {
        parse_config(text, "d.conf");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Config, ParsesPortAndReply) {
    EXPECT_EQ(parse_config("port 7007\nreply hello\n", "d.conf"), (Config{7007, "hello"}))
        << "parsing \"port 7007\\nreply hello\\n\"";
    EXPECT_EQ(parse_config("reply hello there, world\nport 1", "d.conf"),
              (Config{1, "hello there, world"}))
        << "the reply is the rest of the line, inner blanks kept; the last line needs no newline";
    EXPECT_EQ(parse_config("  port\t65535  \r\nreply   two  words \t\n", "d.conf"),
              (Config{65535, "two  words"}))
        << "blanks (spaces, tabs, a CR) around the keyword and the value do not count";
}

TEST(Config, SkipsCommentsAndBlankLines) {
    const std::string text =
        "# np-daemond.conf\n"
        "\n"
        "   # an indented comment\n"
        "port 9000\n"
        "\t\n"
        "reply we are #1\n"
        "#port 1\n";
    EXPECT_EQ(parse_config(text, "d.conf"), (Config{9000, "we are #1"}))
        << "only a line starting with '#' is a comment; a '#' later on belongs to the reply";
}

TEST(Config, RejectsBadLinesWithLineNumbers) {
    EXPECT_EQ(error_of("port 7\n\nprot 8\nreply x\n"), "d.conf:3: unknown keyword 'prot'")
        << "the error for an unknown keyword on line 3 (line 2 is blank)";
    EXPECT_EQ(error_of("# c\nport abc\nreply x\n"), "d.conf:2: invalid port: 'abc'")
        << "the error for a port that is not a number";
    EXPECT_EQ(error_of("reply x\nport 0\n"), "d.conf:2: port out of range: 0 (1-65535)")
        << "the error for port 0";
    EXPECT_EQ(error_of("reply x\nport 65536\n"), "d.conf:2: port out of range: 65536 (1-65535)")
        << "the error for port 65536";
    EXPECT_EQ(error_of("port 7\nreply\n"), "d.conf:2: 'reply' needs a value")
        << "the error for a reply without a value";
    EXPECT_EQ(error_of("port   \nreply x\n"), "d.conf:1: 'port' needs a value")
        << "the error for a port of blanks only";
    EXPECT_EQ(error_of("port 7\nreply a\n\nreply b\n"),
              "d.conf:4: duplicate 'reply' (first on line 2)")
        << "the error for a second reply line";
    EXPECT_EQ(error_of("# nothing but a comment\nreply x\n"), "d.conf: no 'port' line")
        << "the error for a file without a port line";
    EXPECT_EQ(error_of("port 7\n"), "d.conf: no 'reply' line")
        << "the error for a file without a reply line";
    EXPECT_EQ(error_of(""), "d.conf: no 'port' line") << "the error for an empty file";
}

}  // namespace
