#pragma once
// The small pieces of HTTP syntax (RFC 9110, 9112) that the request parser in
// http_request.cpp is built from. Given.

#include <optional>
#include <string>
#include <string_view>

#include "http_request.hpp"

namespace eventloop {

// A ParseResult that refuses the request with `status` (400, 505, ...), saying why.
ParseResult invalid(int status, std::string reason);

// RFC 9110's tchar: the characters of methods and header names.
bool is_token_char(char c);
// One or more tchar.
bool is_token(std::string_view text);

bool is_digit(char c);

// ASCII letters compared without case: header names, "close", "http://".
bool equals_ignoring_case(std::string_view a, std::string_view b);

// `text` without the spaces and tabs around it.
std::string_view trim(std::string_view text);

// The origin form of an absolute-form target, which a client sends to a proxy and a server
// must accept as well (RFC 9112, 3.2.2): "http://h:80/p?q" -> "/p?q", "http://h" -> "/".
// nullopt when `target` is not "http://" followed by a host; we serve one root, so the
// host named there does not matter.
std::optional<std::string> origin_form(std::string_view target);

// The value of a hexadecimal digit, -1 when `c` is none.
int hex_value(char c);

}  // namespace eventloop
