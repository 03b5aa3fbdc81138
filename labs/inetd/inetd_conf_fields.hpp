#pragma once
// The pieces of an inetd.conf line that the parser (inetd_conf.cpp) is built from: fields,
// host:service, the port of a service, the user. Each one that can be wrong throws
// np::ParseError with the message the line's error shows.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inetd_conf.hpp"

namespace inetd {

// The fields of a line, separated by spaces and tabs.
std::vector<std::string> split_fields(std::string_view line);

// `text` without the spaces, tabs and '\r' around it.
std::string_view trim(std::string_view text);

// 'text', for messages.
std::string quoted(std::string_view text);

bool all_digits(std::string_view text);

// "host:service" -> {host, service}; the host may be a bracketed IPv6 address.
std::pair<std::string, std::string> split_host(std::string_view field);

// A port number, or a service's port in /etc/services (tcp for a stream, else udp).
std::uint16_t lookup_port(const std::string& service, bool stream);

// "user", "user.group" or "user:group"; both must exist.
void parse_user(const std::string& field, ServiceEntry& entry);

}  // namespace inetd
