#include "http_response.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventloop {

std::string format_head(const ResponseHead& head) {
    std::string out = "HTTP/1.1 " + std::to_string(head.status) + " ";
    out += reason_phrase(head.status);
    out += "\r\nServer: np-httpd\r\nDate: " + http_date();
    out += "\r\nContent-Type: ";
    out += head.content_type;
    out += "\r\nContent-Length: " + std::to_string(head.content_length);
    out += head.keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
    if (head.allow_header) out += "\r\nAllow: GET, HEAD";
    out += "\r\n\r\n";
    return out;
}

std::optional<std::string> relative_file_path(std::string_view path) {
    std::vector<std::string_view> segments;
    bool names_directory = true;  // the last segment is empty ("/a/"), "." or ".."
    for (std::size_t start = 0;;) {
        const auto slash = path.find('/', start);
        const std::string_view segment = path.substr(start, slash - start);
        names_directory = segment.empty() || segment == "." || segment == "..";
        if (segment == "..") {
            if (segments.empty()) return std::nullopt;  // above the root
            segments.pop_back();
        } else if (!names_directory) {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    std::string relative;
    for (const auto& segment : segments) {
        if (!relative.empty()) relative += '/';
        relative += segment;
    }
    if (names_directory) relative += relative.empty() ? "index.html" : "/index.html";
    return relative;
}

}  // namespace eventloop
