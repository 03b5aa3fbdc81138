#include "parse_message.hpp"

#include <algorithm>

#include "timestamp.hpp"

namespace syslogd {

namespace {

constexpr std::size_t kMaxTag = 48;   // RFC 5424's APP-NAME limit; RFC 3164 said 32
constexpr std::size_t kMaxPid = 128;  // RFC 5424's PROCID limit
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A tag at the start of `text`: "TAG: " or "TAG[PID]: ". Sets tag and pid and returns the
// length to skip (the space after the colon included), or 0 if the text starts otherwise.
std::size_t read_tag(std::string_view text, Message& message) {
    std::size_t end = 0;
    while (end < text.size() && end < kMaxTag && text[end] != ' ' && text[end] != ':' &&
           text[end] != '[') {
        ++end;
    }
    if (end == 0 || end >= text.size()) return 0;
    std::size_t colon = end;
    std::string_view pid;
    if (text[end] == '[') {
        const std::size_t close = text.find(']', end + 1);
        if (close == std::string_view::npos || close == end + 1 || close - end - 1 > kMaxPid) {
            return 0;
        }
        pid = text.substr(end + 1, close - end - 1);
        if (pid.find(' ') != std::string_view::npos) return 0;
        colon = close + 1;
    }
    if (colon >= text.size() || text[colon] != ':') return 0;
    message.tag = text.substr(0, end);
    message.pid = pid;
    return colon + 1 < text.size() && text[colon + 1] == ' ' ? colon + 2 : colon + 1;
}

// An RFC 3164 HOSTNAME: the first word, when the next word is a tag. glibc's local format
// has no hostname ("<13>Nov  5 14:08:16 prog: hi"), RFC 3164 has one ("... host prog: hi"):
// only what follows the first word tells them apart.
std::size_t read_hostname(std::string_view text, Message& message) {
    const std::size_t space = text.find(' ');
    if (space == 0 || space == std::string_view::npos) return 0;
    const std::string_view word = text.substr(0, space);
    if (word.find_first_of(":[]") != std::string_view::npos) return 0;
    Message probe;
    if (read_tag(text.substr(space + 1), probe) == 0) return 0;
    message.hostname = word;
    return space + 1;
}

// The next space-separated RFC 5424 header field; nullopt if missing or empty.
std::optional<std::string_view> next_field(std::string_view& rest, std::size_t max_length) {
    const std::size_t space = rest.find(' ');
    if (space == 0 || space == std::string_view::npos) return std::nullopt;
    const std::string_view field = rest.substr(0, space);
    if (field.size() > max_length) return std::nullopt;
    for (const char c : field) {
        if (c < 33 || c > 126) return std::nullopt;  // PRINTUSASCII only
    }
    rest.remove_prefix(space + 1);
    return field;
}

std::string nil_to_empty(std::string_view field) {
    return field == "-" ? std::string() : std::string(field);
}

// The length of the STRUCTURED-DATA at the start of `text` ("-" or one or more
// "[id name="value" ...]" elements; in a value, \" \\ and \] are escapes), or 0 if malformed.
std::size_t structured_data_length(std::string_view text) {
    if (!text.empty() && text[0] == '-') return 1;
    std::size_t at = 0;
    while (at < text.size() && text[at] == '[') {
        bool in_quotes = false;
        std::size_t i = at + 1;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (in_quotes && c == '\\') {
                ++i;  // the escaped character, whatever it is
            } else if (c == '"') {
                in_quotes = !in_quotes;
            } else if (c == ']' && !in_quotes) {
                break;
            }
        }
        if (i >= text.size()) return 0;  // unterminated element
        if (i == at + 1) return 0;       // "[]": an element needs an SD-ID
        at = i + 1;
    }
    return at;
}

}  // namespace

Message parse_rfc3164(std::string_view after_pri, const std::tm& received) {
    Message message;
    std::string_view rest = after_pri;
    if (const auto stamp = read_bsd_timestamp(rest);
        stamp && (rest.size() == 15 || rest[15] == ' ')) {
        message.timestamp = *stamp;
        rest.remove_prefix(std::min<std::size_t>(16, rest.size()));
        rest.remove_prefix(read_hostname(rest, message));
    } else {
        message.timestamp = format_bsd_timestamp(received);
    }
    rest.remove_prefix(read_tag(rest, message));
    message.text = rest;
    return message;
}

std::optional<Message> parse_rfc5424(std::string_view after_pri) {
    if (after_pri.substr(0, 2) != "1 ") return std::nullopt;
    std::string_view rest = after_pri.substr(2);
    const auto timestamp = next_field(rest, 64);
    const auto hostname = next_field(rest, 255);
    const auto app_name = next_field(rest, 48);
    const auto procid = next_field(rest, 128);
    const auto msgid = next_field(rest, 32);
    if (!timestamp || !hostname || !app_name || !procid || !msgid) return std::nullopt;

    Message message;
    if (*timestamp != "-") {
        const auto bsd = rfc5424_to_bsd(*timestamp);
        if (!bsd) return std::nullopt;
        message.timestamp = *bsd;
    }
    message.hostname = nil_to_empty(*hostname);
    message.tag = nil_to_empty(*app_name);
    message.pid = nil_to_empty(*procid);
    message.msgid = nil_to_empty(*msgid);

    const std::size_t sd_length = structured_data_length(rest);
    if (sd_length == 0) return std::nullopt;
    message.structured_data = nil_to_empty(rest.substr(0, sd_length));
    rest.remove_prefix(sd_length);
    if (!rest.empty()) {
        if (rest[0] != ' ') return std::nullopt;
        rest.remove_prefix(1);
        if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
    }
    message.text = rest;
    return message;
}

}  // namespace syslogd
