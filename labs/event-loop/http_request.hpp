#pragma once
// Parsing HTTP/1.x requests as they arrive on a connection: possibly incomplete, possibly
// several back to back (pipelining), possibly hostile.

#include <cstddef>
#include <string>
#include <string_view>

namespace eventloop {

enum class Method { kGet, kHead };

struct HttpRequest {
    Method method = Method::kGet;
    std::string target;      // as sent: "/a%20b/c.html?x=1"
    std::string path;        // percent-decoded, without the query: "/a b/c.html"
    int minor_version = 1;   // HTTP/1.0 or HTTP/1.1
    bool keep_alive = true;  // whether the connection stays open after the response
};

struct ParseLimits {
    std::size_t max_request_line = 8 * 1024;  // longer: 414 URI Too Long
    std::size_t max_head = 16 * 1024;         // request line and headers; longer: 431
};

struct ParseResult {
    enum Kind {
        kIncomplete,  // no complete request yet: read more and parse again
        kComplete,    // `request`, which took the first `consumed` bytes of the input
        kInvalid,     // answer `status` (400, 405, 414, 431, 505), then close the connection
    } kind = kIncomplete;
    HttpRequest request;
    std::size_t consumed = 0;
    int status = 0;
    std::string reason;  // why it is invalid, for a log line
};

// Parses the request at the start of `input` (what the connection has received and not
// yet consumed). HTTP/1.0 and 1.1, GET and HEAD, lines ending in CRLF, no request body.
// Never reads past `input`; any input gives one of the three results.
//   400: a malformed request line, version or header line; a header name followed by
//        white space; a folded header line; control characters; a target neither
//        starting with '/' nor in absolute form ("http://host/path", accepted as a server
//        must: RFC 9112, 3.2.2), or with a bad %-escape or %00; a missing (HTTP/1.1) or repeated
//        Host; a body (Content-Length other than 0, Transfer-Encoding)
//   405: a well-formed method other than GET and HEAD
//   414: a request line longer than max_request_line
//   431: a head (request line and headers) longer than max_head
//   505: an HTTP major version other than 1
ParseResult parse_request(std::string_view input, const ParseLimits& limits = {});

}  // namespace eventloop
