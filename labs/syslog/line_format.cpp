#include "line_format.hpp"

namespace syslogd {

std::string escape_control_characters(std::string_view text) {
    // TODO(student): copy `text`, writing each control character (0x00-0x1f and 0x7f) and
    // each byte that does not belong to a valid UTF-8 sequence as '#' and three octal
    // digits ("#012" for a newline). Valid UTF-8: a lead byte 0xc2-0xdf, 0xe0-0xef or
    // 0xf0-0xf4 and then 1, 2 or 3 bytes 10xxxxxx, the code point not overlong (at least
    // 0x80, 0x800, 0x10000 for 2, 3, 4 bytes), not a surrogate (0xd800-0xdfff), at most
    // 0x10ffff.
    return std::string(text);
}

}  // namespace syslogd
