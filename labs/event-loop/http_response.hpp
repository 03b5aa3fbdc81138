#pragma once
// What np-httpd answers: status lines, headers, and the file a path names.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "np/fd.hpp"

namespace eventloop {

// "Not Found" for 404; "Unknown" for a status this server never sends.
std::string_view reason_phrase(int status);

// A MIME type from the file name's extension ("text/html" for index.html);
// "application/octet-stream" when unknown.
std::string_view content_type(std::string_view file_name);

struct ResponseHead {
    int status = 200;
    std::uint64_t content_length = 0;
    std::string_view content_type = "text/html";
    bool keep_alive = true;
    bool allow_header = false;  // "Allow: GET, HEAD" (with 405)
};

// Now, in the Date header's format (RFC 9110 5.6.7): "Wed, 25 Nov 2026 15:04:05 GMT".
std::string http_date();

// "HTTP/1.1 200 OK\r\n" then Server, Date, Content-Type, Content-Length, Connection (and
// Allow), then the empty line.
std::string format_head(const ResponseHead& head);

// A complete error response: the head (Connection: close unless keep_alive) and, unless
// head_only, a short HTML body naming the status.
std::string error_response(int status, bool keep_alive, bool head_only = false);

// The path of the file a request path names, relative to the document root, with "." and
// ".." segments resolved and empty ones dropped: "/a/./b//../c" -> "a/c". A trailing "/"
// (or the root itself) names the directory's index.html. nullopt when ".." would climb
// above the root: the request must be refused, never served.
std::optional<std::string> relative_file_path(std::string_view path);

// Opens `relative` under the directory `root`, refusing to leave it even through a
// symbolic link (openat2 with RESOLVE_BENEATH). A directory opens its index.html.
// Empty Fd when there is no such regular file (or it may not be read).
np::Fd open_beneath(int root, const std::string& relative);

}  // namespace eventloop
