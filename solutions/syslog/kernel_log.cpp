#include "kernel_log.hpp"

#include "timestamp.hpp"

namespace syslogd {

std::optional<Message> parse_kernel_record(std::string_view record, const std::tm& now) {
    const auto semicolon = record.find(';');
    const auto comma = record.find(',');
    if (semicolon == std::string_view::npos || comma == std::string_view::npos || comma == 0 ||
        comma > semicolon || comma > 4) {
        return std::nullopt;
    }
    int priority = 0;
    for (const char c : record.substr(0, comma)) {
        if (c < '0' || c > '9') return std::nullopt;
        priority = priority * 10 + (c - '0');
    }
    if (priority > kMaxPriority) return std::nullopt;
    std::string_view text = record.substr(semicolon + 1);
    text = text.substr(0, text.find('\n'));
    Message message;
    message.priority = priority;
    message.timestamp = format_bsd_timestamp(now);
    message.tag = "kernel";
    message.text = text;
    return message;
}

}  // namespace syslogd
