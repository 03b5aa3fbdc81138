#include "inetd_conf.hpp"

#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace inetd {

namespace {

std::vector<std::string> split_fields(std::string_view line) {
    std::vector<std::string> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) fields.emplace_back(line.substr(start, i - start));
    }
    return fields;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// "host:service" -> {host, service}; the host may be a bracketed IPv6 address.
std::pair<std::string, std::string> split_host(std::string_view field) {
    const auto colon = field.rfind(':');
    if (colon == std::string_view::npos) return {"", std::string(field)};
    std::string host(field.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host == "*") host.clear();
    return {host, std::string(field.substr(colon + 1))};
}

std::uint16_t lookup_port(const std::string& service, bool stream) {
    if (all_digits(service)) {
        try {
            return np::parse_number<std::uint16_t>(service, 1, 65535, "port");
        } catch (const np::UsageError& e) {
            throw np::ParseError(e.what());
        }
    }
    const servent* entry = getservbyname(service.c_str(), stream ? "tcp" : "udp");
    if (entry == nullptr) {
        throw np::ParseError("unknown service " + quoted(service + (stream ? "/tcp" : "/udp")));
    }
    return ntohs(static_cast<std::uint16_t>(entry->s_port));
}

// "tcp6" -> {stream, families}; throws on an unknown protocol.
Families families_of(const std::string& protocol, bool stream) {
    const std::string_view base = std::string_view(protocol).substr(0, 3);
    if (base != "tcp" && base != "udp")
        throw np::ParseError("unknown protocol " + quoted(protocol));
    const std::string_view suffix = std::string_view(protocol).substr(3);
    Families families;
    if (suffix.empty()) {
        families = Families::kBoth;
    } else if (suffix == "4") {
        families = Families::kV4;
    } else if (suffix == "6") {
        families = Families::kV6;
    } else if (suffix == "46") {
        families = Families::kDualStack;
    } else {
        throw np::ParseError("unknown protocol " + quoted(protocol));
    }
    if ((base == "tcp") != stream) {
        throw np::ParseError("socket type " + std::string(stream ? "'stream'" : "'dgram'") +
                             " does not go with protocol " + quoted(protocol));
    }
    return families;
}

// "nowait.50" -> wait = false, max = 50.
void parse_wait(const std::string& field, ServiceEntry& entry) {
    const auto dot = field.find('.');
    const std::string word = field.substr(0, dot);
    if (word == "wait") {
        entry.wait = true;
    } else if (word == "nowait") {
        entry.wait = false;
    } else {
        throw np::ParseError("expected wait or nowait, got " + quoted(field));
    }
    if (dot == std::string::npos) return;
    const std::string max = field.substr(dot + 1);
    if (!all_digits(max)) throw np::ParseError("invalid rate limit " + quoted(max));
    try {
        entry.max_per_minute = np::parse_number<unsigned>(max, 1, 1000000, "rate limit");
    } catch (const np::UsageError& e) {
        throw np::ParseError(e.what());
    }
}

// "user", "user.group" or "user:group"; both must exist.
void parse_user(const std::string& field, ServiceEntry& entry) {
    const auto separator = field.find_first_of(".:");
    entry.user = field.substr(0, separator);
    entry.group = separator == std::string::npos ? "" : field.substr(separator + 1);
    if (entry.user.empty() || getpwnam(entry.user.c_str()) == nullptr) {
        throw np::ParseError("unknown user " + quoted(entry.user));
    }
    if (separator != std::string::npos &&
        (entry.group.empty() || getgrnam(entry.group.c_str()) == nullptr)) {
        throw np::ParseError("unknown group " + quoted(entry.group));
    }
}

}  // namespace

Internal internal_service_named(std::string_view name) {
    if (name == "echo") return Internal::kEcho;
    if (name == "discard") return Internal::kDiscard;
    if (name == "chargen") return Internal::kChargen;
    if (name == "daytime") return Internal::kDaytime;
    if (name == "time") return Internal::kTime;
    return Internal::kNone;
}

bool ServiceEntry::same_service(const ServiceEntry& other) const {
    return host == other.host && service == other.service && port == other.port &&
           stream == other.stream && protocol == other.protocol && families == other.families &&
           wait == other.wait && max_per_minute == other.max_per_minute && user == other.user &&
           group == other.group && server == other.server && internal == other.internal &&
           argv == other.argv;
}

ServiceEntry parse_service_line(std::string_view line, std::string_view default_host) {
    const std::vector<std::string> fields = split_fields(line);
    if (fields.size() < 6) {
        throw np::ParseError("expected at least 6 fields, found " + std::to_string(fields.size()));
    }
    ServiceEntry entry;
    auto [host, service] = split_host(fields[0]);
    if (service.empty()) throw np::ParseError("missing service name in " + quoted(fields[0]));
    entry.host = fields[0].find(':') == std::string::npos ? std::string(default_host) : host;
    entry.service = service;

    if (fields[1] == "stream") {
        entry.stream = true;
    } else if (fields[1] == "dgram") {
        entry.stream = false;
    } else {
        throw np::ParseError("unknown socket type " + quoted(fields[1]));
    }
    entry.protocol = fields[2];
    entry.families = families_of(fields[2], entry.stream);
    entry.port = lookup_port(entry.service, entry.stream);
    parse_wait(fields[3], entry);
    parse_user(fields[4], entry);

    entry.server = fields[5];
    if (entry.server == "internal") {
        entry.internal = internal_service_named(entry.service);
        if (entry.internal == Internal::kNone) {
            throw np::ParseError("unknown internal service " + quoted(entry.service));
        }
        return entry;
    }
    if (entry.server.front() != '/') {
        throw np::ParseError("server path must be absolute: " + quoted(entry.server));
    }
    entry.argv.assign(fields.begin() + 6, fields.end());
    if (entry.argv.empty()) entry.argv.push_back(entry.server.substr(entry.server.rfind('/') + 1));
    return entry;
}

InetdConfig parse_inetd_config(std::string_view text, std::string_view file_name) {
    InetdConfig config;
    std::string default_host;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string_view raw = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        ++line_number;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;

        const std::string where = std::string(file_name) + ":" + std::to_string(line_number);
        if (line.back() == ':' && line.find_first_of(" \t") == std::string_view::npos) {
            default_host = split_host(line).first;  // a "host:" line
            continue;
        }
        try {
            ServiceEntry entry = parse_service_line(line, default_host);
            entry.where = where;
            config.services.push_back(std::move(entry));
        } catch (const np::ParseError& e) {
            config.errors.push_back(where + ": " + e.what());
        }
    }
    return config;
}

InetdConfig load_inetd_config(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error(path + ": " + np::errno_text(errno));
    std::ostringstream text;
    text << file.rdbuf();
    return parse_inetd_config(text.str(), path);
}

}  // namespace inetd
