#include "wire_format.hpp"

#include <unistd.h>

namespace syslogd {

namespace {

std::string_view or_nil(std::string_view field) { return field.empty() ? "-" : field; }

}  // namespace

std::string format_rfc3164(int priority, std::string_view timestamp, std::string_view hostname,
                           std::string_view tag, std::string_view pid, std::string_view text) {
    std::string message = "<" + std::to_string(priority) + ">";
    message += timestamp;
    message += ' ';
    message += hostname;
    message += ' ';
    message += tag;
    if (!pid.empty()) {
        message += '[';
        message += pid;
        message += ']';
    }
    message += ": ";
    message += text;
    return message;
}

std::string format_rfc5424(int priority, const Rfc5424Fields& fields, std::string_view text) {
    std::string message = "<" + std::to_string(priority) + ">1 ";
    for (const std::string_view field :
         {std::string_view(fields.timestamp), std::string_view(fields.hostname),
          std::string_view(fields.app_name), std::string_view(fields.procid),
          std::string_view(fields.msgid), std::string_view(fields.structured_data)}) {
        message += or_nil(field);
        message += ' ';
    }
    message += text;
    return message;
}

std::string local_hostname(bool short_name) {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "localhost";
    std::string host = name;
    if (short_name) host = host.substr(0, host.find('.'));
    return host.empty() ? "localhost" : host;
}

}  // namespace syslogd
