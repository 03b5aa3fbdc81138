// What np-httpd answers with: the head of a response, and the file a request path names.

#include "http_response.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using eventloop::relative_file_path;

TEST(HttpResponse, HeadHasStatusLengthAndConnection) {
    eventloop::ResponseHead head;
    head.status = 200;
    head.content_length = 1234;
    head.content_type = "text/plain";
    head.keep_alive = false;
    const std::string text = eventloop::format_head(head);
    // The head as the failure messages show it, escapes and all.
    const std::string shown = ::testing::PrintToString(text);
    EXPECT_EQ(text.rfind("HTTP/1.1 200 OK\r\n", 0), 0u)
        << "the head of a 200, 1234 bytes of text/plain, not kept alive, starts with the status "
           "line; it is "
        << shown;
    EXPECT_NE(text.find("\r\nContent-Length: 1234\r\n"), std::string::npos)
        << "a Content-Length: 1234 line in " << shown;
    EXPECT_NE(text.find("\r\nContent-Type: text/plain\r\n"), std::string::npos)
        << "a Content-Type: text/plain line in " << shown;
    EXPECT_NE(text.find("\r\nConnection: close\r\n"), std::string::npos)
        << "a Connection: close line (not kept alive) in " << shown;
    EXPECT_TRUE(text.ends_with("\r\n\r\n")) << "an empty line ends the head " << shown;
    EXPECT_EQ(text.find("\r\n\r\n"), text.size() - 4) << "one empty line, at the end, in " << shown;
}

TEST(HttpResponse, ErrorResponsesCarryTheirReason) {
    for (int status : {400, 404, 405, 414, 431, 505}) {
        const std::string text = eventloop::error_response(status, false);
        const std::string line = "HTTP/1.1 " + std::to_string(status) + " " +
                                 std::string(eventloop::reason_phrase(status)) + "\r\n";
        EXPECT_EQ(text.rfind(line, 0), 0u)
            << "error_response(" << status << ") starts with the status line "
            << ::testing::PrintToString(line) << "; it is " << ::testing::PrintToString(text);
        const auto body = text.substr(text.find("\r\n\r\n") + 4);
        EXPECT_NE(text.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
                  std::string::npos)
            << "error_response(" << status << ")'s Content-Length is its body's size, "
            << body.size() << "; it is " << ::testing::PrintToString(text);
    }
    EXPECT_EQ(eventloop::reason_phrase(404), "Not Found") << "reason_phrase(404)";
    EXPECT_EQ(eventloop::reason_phrase(414), "URI Too Long") << "reason_phrase(414)";
    EXPECT_EQ(eventloop::reason_phrase(431), "Request Header Fields Too Large")
        << "reason_phrase(431)";
    EXPECT_EQ(eventloop::reason_phrase(505), "HTTP Version Not Supported") << "reason_phrase(505)";
    EXPECT_NE(eventloop::error_response(405, true).find("\r\nAllow: GET, HEAD\r\n"),
              std::string::npos)
        << "a 405 response names the allowed methods: Allow: GET, HEAD";
    EXPECT_TRUE(eventloop::error_response(404, true, true).ends_with("\r\n\r\n"))
        << "a 404 answering a HEAD has no body: it ends with the head's empty line";
}

TEST(HttpResponse, PathsResolveInsideTheRoot) {
    EXPECT_EQ(relative_file_path("/"), "index.html")
        << "the file for \"/\": a directory's index.html";
    EXPECT_EQ(relative_file_path("/a/b.txt"), "a/b.txt")
        << "the file for \"/a/b.txt\", relative to the root";
    EXPECT_EQ(relative_file_path("/a/"), "a/index.html")
        << "the file for \"/a/\": a directory's index.html";
    EXPECT_EQ(relative_file_path("/a/./b//../c"), "a/c")
        << "the file for \"/a/./b//../c\": '.', empty parts and '..' resolved";
    EXPECT_EQ(relative_file_path("/a/.."), "index.html")
        << "the file for \"/a/..\": back at the root";
    EXPECT_EQ(relative_file_path("//etc/passwd"), "etc/passwd")
        << "the file for \"//etc/passwd\": still inside the root";
}

TEST(HttpResponse, PathsClimbingAboveTheRootAreRefused) {
    EXPECT_FALSE(relative_file_path("/..")) << "\"/..\" climbs above the root";
    EXPECT_FALSE(relative_file_path("/../etc/passwd"))
        << "\"/../etc/passwd\" climbs above the root";
    EXPECT_FALSE(relative_file_path("/a/../../etc/passwd"))
        << "\"/a/../../etc/passwd\" climbs above the root";
    EXPECT_FALSE(relative_file_path("/a/./../b/../../x"))
        << "\"/a/./../b/../../x\" climbs above the root";
}

}  // namespace
