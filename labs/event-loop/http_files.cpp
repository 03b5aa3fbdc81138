// Given: the files np-httpd serves: opening one without leaving the document root, and
// its MIME type.

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <string_view>

#include "http_response.hpp"

namespace eventloop {

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
