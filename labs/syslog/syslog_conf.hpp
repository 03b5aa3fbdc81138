#pragma once
// syslog.conf: one rule a line, "SELECTOR  ACTION", blank lines and '#' comments skipped.
//
//   *.info;mail.none;authpriv.none     /var/log/messages
//   mail.*                             -/var/log/mail.log     ('-': no sync after each line)
//   *.emerg                            @loghost:514           (UDP to another syslogd)
//   local0.*                           /dev/stdout            (standard output, for -n)

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "selector.hpp"

namespace syslogd {

// A configuration that cannot be read; what() is "FILE:LINE: what is wrong".
struct SyslogConfError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Action {
    enum Kind { kFile, kForward, kStdout };
    Kind kind = kFile;
    std::string path;          // kFile
    bool sync = true;          // kFile: fdatasync after each line (no '-' in front)
    std::string host;          // kForward: a name or numeric address
    std::uint16_t port = 514;  // kForward
};

struct Rule {
    Selector selector;
    Action action;
    int line = 0;  // where it was read, for messages
};

// The rules in `text`, which was read from `file_name` (for the messages).
std::vector<Rule> parse_syslog_conf(std::string_view text, std::string_view file_name);

// Reads and parses the file; SyslogConfError also if it cannot be read ("FILE: reason").
std::vector<Rule> load_syslog_conf(const std::string& path);

// What a run without -f in the foreground does: everything to standard output.
std::vector<Rule> stdout_only_rules();

}  // namespace syslogd
