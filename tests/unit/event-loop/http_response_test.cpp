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
    EXPECT_EQ(text.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << text;
    EXPECT_NE(text.find("\r\nContent-Length: 1234\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\r\nContent-Type: text/plain\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\r\nConnection: close\r\n"), std::string::npos) << text;
    EXPECT_TRUE(text.ends_with("\r\n\r\n"));
    EXPECT_EQ(text.find("\r\n\r\n"), text.size() - 4);  // one empty line, at the end
}

TEST(HttpResponse, ErrorResponsesCarryTheirReason) {
    for (int status : {400, 404, 405, 414, 431, 505}) {
        const std::string text = eventloop::error_response(status, false);
        const std::string line = "HTTP/1.1 " + std::to_string(status) + " " +
                                 std::string(eventloop::reason_phrase(status)) + "\r\n";
        EXPECT_EQ(text.rfind(line, 0), 0u) << text;
        const auto body = text.substr(text.find("\r\n\r\n") + 4);
        EXPECT_NE(text.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
                  std::string::npos)
            << text;
    }
    EXPECT_EQ(eventloop::reason_phrase(404), "Not Found");
    EXPECT_EQ(eventloop::reason_phrase(414), "URI Too Long");
    EXPECT_EQ(eventloop::reason_phrase(431), "Request Header Fields Too Large");
    EXPECT_EQ(eventloop::reason_phrase(505), "HTTP Version Not Supported");
    EXPECT_NE(eventloop::error_response(405, true).find("\r\nAllow: GET, HEAD\r\n"),
              std::string::npos);
    EXPECT_TRUE(eventloop::error_response(404, true, true).ends_with("\r\n\r\n"));  // HEAD
}

TEST(HttpResponse, PathsResolveInsideTheRoot) {
    EXPECT_EQ(relative_file_path("/"), "index.html");
    EXPECT_EQ(relative_file_path("/a/b.txt"), "a/b.txt");
    EXPECT_EQ(relative_file_path("/a/"), "a/index.html");
    EXPECT_EQ(relative_file_path("/a/./b//../c"), "a/c");
    EXPECT_EQ(relative_file_path("/a/.."), "index.html");
    EXPECT_EQ(relative_file_path("//etc/passwd"), "etc/passwd");
}

TEST(HttpResponse, PathsClimbingAboveTheRootAreRefused) {
    EXPECT_FALSE(relative_file_path("/.."));
    EXPECT_FALSE(relative_file_path("/../etc/passwd"));
    EXPECT_FALSE(relative_file_path("/a/../../etc/passwd"));
    EXPECT_FALSE(relative_file_path("/a/./../b/../../x"));
}

}  // namespace
