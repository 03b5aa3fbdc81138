#include "router.hpp"

#include <string>

#include "line_format.hpp"

namespace syslogd {

void Router::route(const Message& message) {
    std::string line;  // formatted once, at the first rule that takes the message
    for (const Route& rule : rules_) {
        if (rule.sink == nullptr || !rule.selector.matches(message.priority)) continue;
        if (line.empty()) line = format_file_line(message);
        rule.sink->write(message, line);
    }
}

}  // namespace syslogd
