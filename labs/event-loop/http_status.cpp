// Given: status codes' reason phrases, the Date header's format, and whole error
// responses around your format_head (http_response.cpp).

#include <ctime>
#include <string>
#include <string_view>

#include "http_response.hpp"

namespace eventloop {

std::string_view reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 414:
            return "URI Too Long";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Unknown";
    }
}

std::string http_date() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

std::string error_response(int status, bool keep_alive, bool head_only) {
    const std::string body = "<html><body><h1>" + std::to_string(status) + " " +
                             std::string(reason_phrase(status)) + "</h1></body></html>\n";
    ResponseHead head;
    head.status = status;
    head.content_length = body.size();
    head.keep_alive = keep_alive;
    head.allow_header = status == 405;
    return format_head(head) + (head_only ? "" : body);
}

}  // namespace eventloop
