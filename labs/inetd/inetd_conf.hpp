#pragma once
// inetd.conf, as Debian's openbsd-inetd reads it. One service per line, fields separated
// by blanks:
//
//   [host:]service  stream|dgram  protocol  wait|nowait[.max]  user[.group|:group]  server  [argv0
//   args...]
//
//   echo            stream  tcp   nowait       root           internal
//   127.0.0.1:7001  stream  tcp   nowait.50    nobody:nogroup /usr/bin/np-daytimed np-daytimed
//
// A line holding only "host:" sets the host of the lines after it ("*:" is any address).
// '#' starts a comment line. A bad line is reported as "FILE:LINE: what is wrong" and
// skipped: the other services still run.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inetd {

// The five services inetd answers itself, without starting a program.
enum class Internal { kNone, kEcho, kDiscard, kChargen, kDaytime, kTime };

// Which address families a protocol listens on. Debian's plain tcp/udp mean both.
enum class Families { kV4, kV6, kBoth, kDualStack };

inline constexpr unsigned kDefaultMaxPerMinute = 256;  // openbsd-inetd's default

struct ServiceEntry {
    std::string where;       // "FILE:LINE", for messages about this service
    std::string host;        // address to bind; empty: any
    std::string service;     // as written: a name from /etc/services or a number
    std::uint16_t port = 0;  // the service's port
    bool stream = true;      // stream (TCP) or dgram (UDP)
    std::string protocol;    // as written: tcp, udp4, tcp6, ...
    Families families = Families::kBoth;
    bool wait = false;  // wait: one server at a time gets the socket itself
    unsigned max_per_minute = kDefaultMaxPerMinute;
    std::string user;
    std::string group;   // empty: the user's own group
    std::string server;  // absolute path, or "internal"
    Internal internal = Internal::kNone;
    std::vector<std::string> argv;  // argv[0] first; empty for internal services

    // Two entries are the same service when everything but `where` is equal: a SIGHUP
    // leaves such a service alone even if its line moved.
    bool same_service(const ServiceEntry& other) const;
};

// The result of reading a whole file: the good lines, and one message per bad line.
struct InetdConfig {
    std::vector<ServiceEntry> services;
    std::vector<std::string> errors;  // "FILE:LINE: message"
};

// Parses one service line (already stripped of comments and known not to be blank).
// `default_host` is what a "host:" line set before it. Throws np::ParseError with a
// message without the FILE:LINE prefix ("unknown protocol 'tcq'").
ServiceEntry parse_service_line(std::string_view line, std::string_view default_host);

// Parses a whole file's text; file_name is only used in messages.
InetdConfig parse_inetd_config(std::string_view text, std::string_view file_name);

// Reads and parses the file at path. An unreadable file throws std::runtime_error
// ("FILE: No such file or directory").
InetdConfig load_inetd_config(const std::string& path);

// "echo" -> Internal::kEcho; Internal::kNone for any other name.
Internal internal_service_named(std::string_view name);

}  // namespace inetd
