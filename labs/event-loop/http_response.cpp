#include "http_response.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>
#include <vector>

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

std::string_view content_type(std::string_view file_name) {
    struct Type {
        std::string_view extension, type;
    };
    static constexpr Type kTypes[] = {
        {".html", "text/html"}, {".htm", "text/html"},      {".txt", "text/plain"},
        {".css", "text/css"},   {".js", "text/javascript"}, {".json", "application/json"},
        {".png", "image/png"},  {".jpg", "image/jpeg"},     {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},  {".svg", "image/svg+xml"},  {".pdf", "application/pdf"},
    };
    for (const auto& [extension, type] : kTypes) {
        if (file_name.ends_with(extension)) return type;
    }
    return "application/octet-stream";
}

namespace {

// The Date header's format (RFC 9110 5.6.7): "Wed, 25 Nov 2026 15:04:05 GMT".
[[maybe_unused]] std::string http_date() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

}  // namespace

std::string format_head([[maybe_unused]] const ResponseHead& head) {
    // TODO(student): the status line "HTTP/1.1 <status> <reason_phrase>", then one
    // "Name: value" line each for Server (np-httpd), Date (http_date()), Content-Type,
    // Content-Length, Connection (keep-alive or close) and, with allow_header, "Allow: GET,
    // HEAD"; every line ends in "\r\n", and an empty line ends the head.
    return {};
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

std::optional<std::string> relative_file_path(std::string_view path) {
    // TODO(student): split the path at '/'; skip empty and "." segments; ".." drops the
    // segment before it, and with none left it would climb out of the root: nullopt.
    // Join what is left with '/'. When the last segment was empty, "." or "..", the path
    // names a directory: append "index.html" (or "/index.html").
    return std::string(path.substr(1));  // naive: "/../x" -> "../x", out of the root!
}

namespace {

int openat_beneath(int directory, const char* path) {
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    // No escape by "..", absolute symbolic links or /proc magic links.
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    return static_cast<int>(syscall(SYS_openat2, directory, path, &how, sizeof how));
}

}  // namespace

np::Fd open_beneath(int root, const std::string& relative) {
    np::Fd file(openat_beneath(root, relative.c_str()));
    if (!file) return {};
    struct stat info {};
    if (fstat(file.get(), &info) == -1) return {};
    if (S_ISDIR(info.st_mode)) return open_beneath(file.get(), "index.html");
    if (!S_ISREG(info.st_mode)) return {};
    return file;
}

}  // namespace eventloop
