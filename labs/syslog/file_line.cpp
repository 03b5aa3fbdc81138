#include "line_format.hpp"

// The line a message makes in a file, given. What you write of line_format.hpp, the
// escaping, is in line_format.cpp.

namespace syslogd {

std::string format_file_line(const Message& message) {
    std::string line = message.timestamp;
    line += ' ';
    line += escape_control_characters(message.hostname);
    line += ' ';
    if (!message.tag.empty()) {
        line += escape_control_characters(message.tag);
        if (!message.pid.empty()) line += "[" + escape_control_characters(message.pid) + "]";
        line += ": ";
    }
    if (!message.structured_data.empty()) {
        line += escape_control_characters(message.structured_data);
        line += ' ';
    }
    line += escape_control_characters(message.text);
    line += '\n';
    return line;
}

}  // namespace syslogd
