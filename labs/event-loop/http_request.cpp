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

[[maybe_unused]] constexpr std::string_view kCrlf = "\r\n";

// "/a%20b" -> "/a b"; nullopt for a bad escape or an encoded NUL.
[[maybe_unused]] std::optional<std::string> percent_decode(std::string_view text) {
    // TODO(student): copy `text`, replacing each "%XY" (two hex digits, see hex_value)
    // by the byte 0xXY. nullopt for a '%' without two hex digits after it, and for %00.
    return std::string(text);
}

// The version, as its minor number (0 or 1) when it is 1.x; else the result to give.
[[maybe_unused]] std::optional<ParseResult> check_version([[maybe_unused]] std::string_view version,
                                                          [[maybe_unused]] int& minor) {
    // TODO(student): exactly "HTTP/" DIGIT "." DIGIT, else invalid(400, ...); a major
    // version other than 1: invalid(505, ...). Set `minor` to 0 for 1.0, else 1 (1.2 and
    // later read as 1.1). nullopt when the version is fine.
    return std::nullopt;
}

// The header fields we act on.
struct Headers {
    int host_count = 0;
    bool connection_close = false;
    bool connection_keep_alive = false;
};

[[maybe_unused]] std::optional<ParseResult> parse_header([[maybe_unused]] std::string_view line,
                                                         [[maybe_unused]] Headers& headers) {
    // TODO(student): one header line, "Name: value" (every case below is a 400):
    //   - a line starting with a space or tab (an obsolete folded line);
    //   - no colon; a name that is not a token (is_token: this also catches "Name : v");
    //   - a control character in the value (below 0x20 except tab, or 0x7f).
    // The value without surrounding spaces and tabs (trim). Names are case-insensitive
    // (equals_ignoring_case): count Host; a Connection list (comma-separated) may hold
    // "close" and "keep-alive"; Content-Length must be digits, and other than 0 it
    // announces a body, which GET and HEAD do not take (400); so does any
    // Transfer-Encoding. nullopt when the line is fine.
    return std::nullopt;
}

}  // namespace

ParseResult parse_request([[maybe_unused]] std::string_view input,
                          [[maybe_unused]] const ParseLimits& limits) {
    // TODO(student): the parser; see http_request.hpp for the statuses. In order:
    //   1. skip empty lines ("\r\n") before the request (count them in `consumed`);
    //   2. the request line ends at the first "\r\n": none yet and more than
    //      limits.max_request_line bytes, or longer than that, is a 414; none yet is
    //      Incomplete (the default ParseResult);
    //   3. the head ends at the first "\r\n\r\n": likewise 431 above limits.max_head,
    //      else Incomplete;
    //   4. request line: METHOD SP TARGET SP VERSION, single spaces (400); the method a
    //      token, the target of visible characters (0x21-0x7e); check_version; then a
    //      method other than GET and HEAD is a 405; the target must start with '/' or
    //      be in absolute form (origin_form turns it into one that does), and the path
    //      (up to a '?') must percent_decode (400 otherwise);
    //   5. each header line (between the request line and the empty line): a stray '\r'
    //      or '\n' inside it is a 400, else parse_header;
    //   6. more than one Host, or none in HTTP/1.1: 400;
    //   7. Complete: consumed = everything up to the empty line included; keep_alive:
    //      HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "keep-alive".
    return ParseResult{};
}

}  // namespace eventloop
