#pragma once
// np-daemond's configuration file:
//
//   # np-daemond.conf
//   port 7007
//   reply hello from np-daemond
//
// One setting per line: a keyword, blanks, a value. `port N` (1-65535) and `reply TEXT`
// (the rest of the line, inner blanks kept) must each appear exactly once. Blank lines
// and lines whose first non-blank character is '#' are ignored; a '#' later in a line is
// part of it. Blanks around a line are ignored.

#include <cstdint>
#include <string>
#include <string_view>

#include "np/error.hpp"

namespace daemons {

struct Config {
    std::uint16_t port = 0;
    std::string reply;

    bool operator==(const Config&) const = default;
};

// What is wrong with a configuration; what() names the file, and the line when there is
// one: "daemond.conf:3: unknown keyword 'prot'", "daemond.conf: no 'port' line".
class ConfigError : public np::ParseError {
public:
    using np::ParseError::ParseError;
};

// Parses the text of a configuration file; `file_name` is only used in messages. Throws
// ConfigError at the first mistake, with its line number (lines count from 1):
//   unknown keyword 'KEY'                  a keyword other than port and reply
//   'port' needs a value                   a keyword alone on its line (also 'reply')
//   invalid port: 'X' / port out of range: X (1-65535)
//   duplicate 'port' (first on line N)     a setting given twice
// and, naming the file only, "no 'port' line" / "no 'reply' line" for a missing one.
Config parse_config(std::string_view text, std::string_view file_name);

// Reads and parses the file at `path`; an unreadable file is a ConfigError too:
// "PATH: No such file or directory".
Config load_config(const std::string& path);

}  // namespace daemons
