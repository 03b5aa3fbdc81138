#include "inetd_conf.hpp"

#include "inetd_conf_fields.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace inetd {

namespace {

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

}  // namespace

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

}  // namespace inetd
