#include "http_response.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventloop {

std::string format_head([[maybe_unused]] const ResponseHead& head) {
    // TODO(student): the status line "HTTP/1.1 <status> <reason_phrase>", then one
    // "Name: value" line each for Server (np-httpd), Date (http_date()), Content-Type,
    // Content-Length, Connection (keep-alive or close) and, with allow_header, "Allow: GET,
    // HEAD"; every line ends in "\r\n", and an empty line ends the head.
    return {};
}

std::optional<std::string> relative_file_path(std::string_view path) {
    // TODO(student): split the path at '/'; skip empty and "." segments; ".." drops the
    // segment before it, and with none left it would climb out of the root: nullopt.
    // Join what is left with '/'. When the last segment was empty, "." or "..", the path
    // names a directory: append "index.html" (or "/index.html").
    return std::string(path.substr(1));  // naive: "/../x" -> "../x", out of the root!
}

}  // namespace eventloop
