#include "parse_message.hpp"

#include "timestamp.hpp"

namespace syslogd {

Message parse_rfc3164(std::string_view after_pri, const std::tm& received) {
    Message message;
    // TODO(student): in order, each part optional:
    //  - a timestamp (read_bsd_timestamp), followed by a space or the end: keep it, else
    //    use format_bsd_timestamp(received);
    //  - only after a timestamp, a HOSTNAME: the first word (no ':', '[' or ']' in it) when
    //    the word after it is a tag. glibc's local format has no hostname, RFC 3164 has one;
    //  - a tag: "TAG: " or "TAG[PID]: " (TAG at most 48 characters without ' ', ':', '[';
    //    PID non-empty without ' ' or ']'); the space after the colon is skipped;
    //  - the rest is the text. What does not fit stays in the text: nothing is lost.
    message.timestamp = format_bsd_timestamp(received);
    message.text = after_pri;
    return message;
}

std::optional<Message> parse_rfc5424([[maybe_unused]] std::string_view after_pri) {
    // TODO(student): "1 " then TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, each non-empty
    // printable ASCII followed by one space, "-" meaning nil (an empty field in Message);
    // the timestamp through rfc5424_to_bsd (nil: leave timestamp empty). Then
    // STRUCTURED-DATA: "-" or one or more "[...]" elements kept as they are (inside a
    // quoted value, \", \\ and \] are escapes: a ']' there does not end the element). Then
    // either the end, or a space and the text (a UTF-8 BOM at its start dropped).
    // Anything else: nullopt.
    return std::nullopt;
}

}  // namespace syslogd
