// Which names a TFTP server serves: nothing outside its directory.

#include "path_rules.hpp"

#include <gtest/gtest.h>

TEST(PathRules, RefusesEscapes) {
    for (const char* name : {"", "/etc/passwd", "../secret", "a/../../secret", "..", "a/..",
                             "./../x", "//etc/passwd", "a\nb", ".", "./"}) {
        EXPECT_EQ(tftp::confine_path(name), std::nullopt) << "accepted '" << name << "'";
    }
}

TEST(PathRules, KeepsNamesInside) {
    EXPECT_EQ(tftp::confine_path("file"), "file") << "confine_path(\"file\"): a plain name";
    EXPECT_EQ(tftp::confine_path("a//./b/"), "a/b")
        << "confine_path(\"a//./b/\"): empty and '.' components dropped";
    EXPECT_EQ(tftp::confine_path("./pxelinux.cfg/default"), "pxelinux.cfg/default")
        << "confine_path(\"./pxelinux.cfg/default\"): a leading ./ dropped";
    EXPECT_EQ(tftp::confine_path("..hidden/x..y"), "..hidden/x..y")
        << "confine_path(\"..hidden/x..y\"): '..' is refused only as a whole component";
    EXPECT_EQ(tftp::split_parent("a/b/c"), (std::pair<std::string, std::string>{"a/b", "c"}))
        << "split_parent(\"a/b/c\")";
    EXPECT_EQ(tftp::split_parent("c"), (std::pair<std::string, std::string>{".", "c"}))
        << "split_parent(\"c\"): a name without a slash lives in \".\"";
}
