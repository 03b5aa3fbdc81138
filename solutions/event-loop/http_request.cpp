#include "http_request.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http_syntax.hpp"

namespace eventloop {

namespace {

constexpr std::string_view kCrlf = "\r\n";

// "/a%20b" -> "/a b"; nullopt for a bad escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
        if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// The version, as its minor number (0 or 1) when it is 1.x; else the result to give.
std::optional<ParseResult> check_version(std::string_view version, int& minor) {
    // Exactly "HTTP/" DIGIT "." DIGIT.
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !is_digit(version[5]) ||
        version[6] != '.' || !is_digit(version[7])) {
        return invalid(400, "malformed version");
    }
    if (version[5] != '1') return invalid(505, "HTTP version not supported");
    minor = version[7] == '0' ? 0 : 1;  // 1.2 and later read as 1.1, their common subset
    return std::nullopt;
}

// The header fields we act on.
struct Headers {
    int host_count = 0;
    bool connection_close = false;
    bool connection_keep_alive = false;
};

std::optional<ParseResult> parse_header(std::string_view line, Headers& headers) {
    if (line.front() == ' ' || line.front() == '\t') return invalid(400, "folded header line");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return invalid(400, "header line without a colon");
    const std::string_view name = line.substr(0, colon);
    if (!is_token(name)) return invalid(400, "malformed header name");
    const std::string_view value = trim(line.substr(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return invalid(400, "control character in header");
    }
    if (equals_ignoring_case(name, "Host")) {
        ++headers.host_count;
    } else if (equals_ignoring_case(name, "Connection")) {
        // A comma-separated list of options.
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view option = trim(rest.substr(0, comma));
            if (equals_ignoring_case(option, "close")) headers.connection_close = true;
            if (equals_ignoring_case(option, "keep-alive")) headers.connection_keep_alive = true;
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    } else if (equals_ignoring_case(name, "Content-Length")) {
        if (value.empty() || !std::all_of(value.begin(), value.end(), is_digit)) {
            return invalid(400, "malformed Content-Length");
        }
        if (value.find_first_not_of('0') != std::string_view::npos) {
            return invalid(400, "a GET or HEAD with a body");
        }
    } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
        return invalid(400, "a GET or HEAD with a body");
    }
    return std::nullopt;
}

}  // namespace

ParseResult parse_request(std::string_view input, const ParseLimits& limits) {
    // Empty lines before a request are ignored (RFC 9112 2.2), e.g. a CRLF after a body.
    std::size_t skipped = 0;
    while (input.substr(skipped, 2) == kCrlf) skipped += 2;
    const std::string_view rest = input.substr(skipped);

    const auto line_end = rest.find(kCrlf);
    if (line_end == std::string_view::npos) {
        // No end yet: only its length can tell us it is wrong already.
        if (rest.size() > limits.max_request_line) return invalid(414, "request line too long");
        return ParseResult{};
    }
    if (line_end > limits.max_request_line) return invalid(414, "request line too long");
    const auto head_end = rest.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
        if (rest.size() > limits.max_head) return invalid(431, "request head too large");
        return ParseResult{};
    }
    if (head_end + 4 > limits.max_head) return invalid(431, "request head too large");

    // The request line: METHOD SP TARGET SP VERSION, single spaces.
    const std::string_view line = rest.substr(0, line_end);
    const auto first_space = line.find(' ');
    const auto last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space) {
        return invalid(400, "malformed request line");
    }
    const std::string_view method = line.substr(0, first_space);
    const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
    const std::string_view version = line.substr(last_space + 1);
    if (!is_token(method) || target.empty()) return invalid(400, "malformed request line");
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return invalid(400, "malformed request target");
    }
    ParseResult result;
    if (auto bad = check_version(version, result.request.minor_version)) return *bad;
    if (method == "GET") {
        result.request.method = Method::kGet;
    } else if (method == "HEAD") {
        result.request.method = Method::kHead;
    } else {
        return invalid(405, "method not allowed");
    }
    std::string origin(target);
    if (target.front() != '/') {
        auto from_absolute = origin_form(target);
        if (!from_absolute) return invalid(400, "request target is not a path");
        origin = std::move(*from_absolute);
    }
    auto path = percent_decode(std::string_view(origin).substr(0, origin.find('?')));
    if (!path) return invalid(400, "bad %-escape in the request target");

    Headers headers;
    std::string_view fields = rest.substr(line_end + 2, head_end - line_end);  // "" or "...\r\n"
    while (!fields.empty()) {
        const auto end = fields.find(kCrlf);
        const std::string_view field = fields.substr(0, end);
        if (field.find_first_of("\r\n") != std::string_view::npos || field.empty()) {
            return invalid(400, "stray CR or LF in the head");
        }
        if (auto bad = parse_header(field, headers)) return *bad;
        fields.remove_prefix(end + 2);
    }
    if (headers.host_count > 1) return invalid(400, "more than one Host header");
    if (headers.host_count == 0 && result.request.minor_version == 1) {
        return invalid(400, "HTTP/1.1 request without Host");
    }

    result.kind = ParseResult::kComplete;
    result.consumed = skipped + head_end + 4;
    result.request.target = std::string(target);
    result.request.path = std::move(*path);
    result.request.keep_alive = result.request.minor_version == 1
                                    ? !headers.connection_close
                                    : headers.connection_keep_alive && !headers.connection_close;
    return result;
}

}  // namespace eventloop
