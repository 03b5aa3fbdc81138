// Given: the small pieces of HTTP syntax your parser (http_request.cpp) is built from.

#include "http_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace eventloop {

ParseResult invalid(int status, std::string reason) {
    ParseResult result;
    result.kind = ParseResult::kInvalid;
    result.status = status;
    result.reason = std::move(reason);
    return result;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::string> origin_form(std::string_view target) {
    constexpr std::string_view kScheme = "http://";
    if (target.size() <= kScheme.size() ||
        !equals_ignoring_case(target.substr(0, kScheme.size()), kScheme)) {
        return std::nullopt;
    }
    const std::string_view rest = target.substr(kScheme.size());
    const auto path_start = rest.find_first_of("/?");
    if (path_start == 0) return std::nullopt;  // no host: "http:///x"
    if (path_start == std::string_view::npos) return "/";
    const std::string_view path = rest.substr(path_start);
    return path.front() == '/' ? std::string(path) : "/" + std::string(path);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace eventloop
