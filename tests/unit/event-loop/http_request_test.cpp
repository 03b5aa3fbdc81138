// The HTTP request parser: good requests, pipelined and incomplete ones, and every kind of
// malformed request with the status it must be answered with.

#include "http_request.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using eventloop::Method;
using eventloop::parse_request;
using eventloop::ParseResult;

// The status a request is refused with (0 if it is not refused).
int refusal(const std::string& text) {
    const ParseResult result = parse_request(text);
    return result.kind == ParseResult::kInvalid ? result.status : 0;
}

TEST(HttpRequest, ParsesASimpleGet) {
    const std::string text = "GET /index.html HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n";
    const ParseResult result = parse_request(text);
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "parsing \"GET /index.html HTTP/1.1\\r\\nHost: example\\r\\nAccept: */*\\r\\n\\r\\n\": "
           "complete";
    EXPECT_EQ(result.consumed, text.size()) << "the whole request is consumed";
    EXPECT_EQ(result.request.method, Method::kGet) << "the method GET";
    EXPECT_EQ(result.request.target, "/index.html") << "the target as sent";
    EXPECT_EQ(result.request.path, "/index.html") << "the decoded path";
    EXPECT_EQ(result.request.minor_version, 1) << "HTTP/1.1's minor version";
    EXPECT_TRUE(result.request.keep_alive) << "HTTP/1.1 keeps the connection open by default";
}

TEST(HttpRequest, ParsesHeadAndHttp10WithoutHost) {
    const ParseResult result = parse_request("HEAD / HTTP/1.0\r\n\r\n");
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "parsing \"HEAD / HTTP/1.0\\r\\n\\r\\n\": complete without a Host";
    EXPECT_EQ(result.request.method, Method::kHead) << "the method HEAD";
    EXPECT_EQ(result.request.minor_version, 0) << "HTTP/1.0's minor version";
    EXPECT_FALSE(result.request.keep_alive) << "HTTP/1.0 closes unless asked otherwise";
}

TEST(HttpRequest, KeepAliveFollowsVersionAndConnection) {
    auto keep = [](const std::string& text) {
        const ParseResult result = parse_request(text);
        EXPECT_EQ(result.kind, ParseResult::kComplete)
            << "parsing " << ::testing::PrintToString(text);
        return result.request.keep_alive;
    };
    EXPECT_TRUE(keep("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        << "HTTP/1.1 without Connection: kept alive";
    EXPECT_FALSE(keep("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))
        << "HTTP/1.1 with Connection: close";
    EXPECT_FALSE(keep("GET / HTTP/1.1\r\nHost: h\r\nconnection: Upgrade, CLOSE\r\n\r\n"))
        << "HTTP/1.1 with connection: Upgrade, CLOSE: header names and tokens are "
           "case-insensitive, a list is searched";
    EXPECT_FALSE(keep("GET / HTTP/1.0\r\n\r\n")) << "HTTP/1.0 without Connection: closed";
    EXPECT_TRUE(keep("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
        << "HTTP/1.0 with Connection: keep-alive";
}

TEST(HttpRequest, DecodesThePathAndDropsTheQuery) {
    const ParseResult result =
        parse_request("GET /a%20b/c%2Ehtml?x=%41 HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "parsing \"GET /a%20b/c%2Ehtml?x=%41 HTTP/1.1 ...\": complete";
    EXPECT_EQ(result.request.target, "/a%20b/c%2Ehtml?x=%41")
        << "the target as sent, still encoded";
    EXPECT_EQ(result.request.path, "/a b/c.html") << "the path: percent-decoded, the query dropped";
}

TEST(HttpRequest, AcceptsTheAbsoluteForm) {
    const ParseResult result =
        parse_request("GET http://h:8080/a%20b?x HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "parsing \"GET http://h:8080/a%20b?x HTTP/1.1 ...\": the absolute form is complete";
    EXPECT_EQ(result.request.target, "http://h:8080/a%20b?x") << "the target as sent";
    EXPECT_EQ(result.request.path, "/a b")
        << "the path of an absolute URL: scheme, host and port dropped, decoded";
    EXPECT_EQ(parse_request("HEAD HTTP://h HTTP/1.1\r\nHost: h\r\n\r\n").request.path, "/")
        << "the path of \"HTTP://h\": the scheme is case-insensitive, no path is /";
    EXPECT_EQ(parse_request("GET http://h?q HTTP/1.1\r\nHost: h\r\n\r\n").request.path, "/")
        << "the path of \"http://h?q\": a query without a path is /";
}

TEST(HttpRequest, IncompleteUntilTheEmptyLine) {
    const std::string text = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    for (std::size_t n = 0; n < text.size(); ++n) {
        EXPECT_EQ(parse_request(text.substr(0, n)).kind, ParseResult::kIncomplete)
            << "parsing only the first " << n << " bytes of " << ::testing::PrintToString(text)
            << ": incomplete until the empty line";
    }
    EXPECT_EQ(parse_request(text).kind, ParseResult::kComplete)
        << "the whole request, empty line included, is complete";
}

TEST(HttpRequest, PipelinedRequestsAreTakenOneAtATime) {
    const std::string first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    const std::string second = "HEAD /b HTTP/1.1\r\nHost: h\r\n\r\n";
    const std::string both = first + second + "GET /c HT";
    ParseResult result = parse_request(both);
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "two pipelined requests: the first is complete";
    EXPECT_EQ(result.consumed, first.size())
        << "parsing the first of two pipelined requests consumes it alone";
    EXPECT_EQ(result.request.path, "/a") << "the first pipelined request's path";
    const std::string rest = both.substr(result.consumed);
    result = parse_request(rest);
    ASSERT_EQ(result.kind, ParseResult::kComplete)
        << "the rest after the first: the second request is complete";
    EXPECT_EQ(result.request.method, Method::kHead) << "the second pipelined request's method";
    EXPECT_EQ(result.request.path, "/b") << "the second pipelined request's path";
    EXPECT_EQ(parse_request(rest.substr(result.consumed)).kind, ParseResult::kIncomplete)
        << "after both requests, \"GET /c HT\": an incomplete third one";
}

TEST(HttpRequest, EmptyLinesBeforeARequestAreSkipped) {
    const std::string text = "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
    const ParseResult result = parse_request(text);
    ASSERT_EQ(result.kind, ParseResult::kComplete) << "a request after empty lines is complete";
    EXPECT_EQ(result.consumed, text.size()) << "the empty lines before it are consumed with it";
}

TEST(HttpRequest, MalformedRequestLineIs400) {
    EXPECT_EQ(refusal("GET\r\n\r\n"), 400) << "a malformed request line is refused with 400";
    EXPECT_EQ(refusal("GET /\r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400";
    EXPECT_EQ(refusal("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400: two spaces";
    EXPECT_EQ(refusal("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400: trailing space";
    EXPECT_EQ(refusal("GET / extra HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400: four parts";
    EXPECT_EQ(refusal("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400: not a token";
    EXPECT_EQ(refusal("hello there\r\n\r\n"), 400)
        << "a malformed request line is refused with 400";
    EXPECT_EQ(refusal("GET /a\x01 HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed request line is refused with 400: control character";
}

TEST(HttpRequest, MalformedVersionIs400) {
    EXPECT_EQ(refusal("GET / HTTX/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed HTTP version is refused with 400";
    EXPECT_EQ(refusal("GET / HTTP/1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed HTTP version is refused with 400";
    EXPECT_EQ(refusal("GET / HTTP/1.1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed HTTP version is refused with 400";
    EXPECT_EQ(refusal("GET / http/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a malformed HTTP version is refused with 400";
}

TEST(HttpRequest, OtherMajorVersionsAre505) {
    EXPECT_EQ(refusal("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505)
        << "a major version other than 1 is refused with 505";
    EXPECT_EQ(refusal("GET / HTTP/0.9\r\n\r\n"), 505)
        << "a major version other than 1 is refused with 505";
    EXPECT_EQ(refusal("GET / HTTP/3.0\r\nHost: h\r\n\r\n"), 505)
        << "a major version other than 1 is refused with 505";
}

TEST(HttpRequest, MethodsOtherThanGetAndHeadAre405) {
    EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: h\r\n\r\n"), 405)
        << "a method other than GET and HEAD is refused with 405";
    EXPECT_EQ(refusal("DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n"), 405)
        << "a method other than GET and HEAD is refused with 405";
    EXPECT_EQ(refusal("get / HTTP/1.1\r\nHost: h\r\n\r\n"), 405)
        << "a method other than GET and HEAD is refused with 405: methods are case-sensitive";
}

TEST(HttpRequest, BadTargetsAre400) {
    EXPECT_EQ(refusal("GET index.html HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400";
    EXPECT_EQ(refusal("GET ftp://h/ HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400: not http";
    EXPECT_EQ(refusal("GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400: no host";
    EXPECT_EQ(refusal("GET /a%2 HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400: short escape";
    EXPECT_EQ(refusal("GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400: not hex";
    EXPECT_EQ(refusal("GET /a%00b HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        << "a bad request target is refused with 400: NUL";
}

TEST(HttpRequest, MalformedHeadersAre400) {
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost h\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: no colon";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost : h\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: space before colon";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\n: h\r\nHost: h\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: empty name";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: obs-fold";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\x7f\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: DEL in value";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: bare CR";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\nX: b\r\n\r\n"), 400)
        << "a malformed header line is refused with 400: bare LF";
}

TEST(HttpRequest, HostIsRequiredOnceIn11) {
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\n\r\n"), 400)
        << "HTTP/1.1 needs exactly one Host header; more than one is 400 in any version";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400)
        << "HTTP/1.1 needs exactly one Host header; more than one is 400 in any version";
    EXPECT_EQ(refusal("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n"), 400)
        << "HTTP/1.1 needs exactly one Host header; more than one is 400 in any version";
}

TEST(HttpRequest, BodiesAre400) {
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"), 400)
        << "a request with a body is refused with 400";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n"), 400)
        << "a request with a body is refused with 400";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 400)
        << "a request with a body is refused with 400";
    EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"), 0)
        << "not refused: Content-Length 0 announces no body";
}

TEST(HttpRequest, LongRequestLineIs414EvenBeforeItEnds) {
    const std::string target = "/" + std::string(9000, 'a');
    EXPECT_EQ(refusal("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"), 414)
        << "a request line over the 8192-byte limit is refused with 414";
    EXPECT_EQ(refusal("GET " + target), 414)
        << "a request line over the 8192-byte limit is refused with 414: no CRLF yet, and already "
           "too long";
    const std::string fits = "/" + std::string(8000, 'a');
    EXPECT_EQ(refusal("GET " + fits + " HTTP/1.1\r\nHost: h\r\n\r\n"), 0)
        << "not refused: a target of 8001 bytes fits the limit";
}

TEST(HttpRequest, LargeHeadIs431EvenBeforeItEnds) {
    std::string head = "GET / HTTP/1.1\r\nHost: h\r\n";
    for (int i = 0; i < 40; ++i)
        head += "X-Filler-" + std::to_string(i) + ": " + std::string(500, 'x') + "\r\n";
    EXPECT_EQ(refusal(head + "\r\n"), 431)
        << "a head (40 headers of 500 bytes) over the limit is refused with 431";
    EXPECT_EQ(refusal(head), 431) << "a head (40 headers of 500 bytes) over the limit is refused "
                                     "with 431: no empty line yet, and already too large";
}

TEST(HttpRequest, LimitsAreTheCallers) {
    eventloop::ParseLimits small;
    small.max_request_line = 20;
    small.max_head = 40;
    EXPECT_EQ(parse_request("GET /0123456789abcdef HTTP/1.1\r\n\r\n", small).status, 414)
        << "a 34-byte request line with max_request_line 20";
    EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: h\r\nX: 0123456789\r\n\r\n", small).status,
              431)
        << "a 48-byte head with max_head 40";
    EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: h\r\n\r\n", small).kind,
              ParseResult::kComplete)
        << "a 27-byte request within both small limits";
}

}  // namespace
