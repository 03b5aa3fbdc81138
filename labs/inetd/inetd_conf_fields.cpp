#include "inetd_conf_fields.hpp"

#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>

#include "np/error.hpp"
#include "np/numbers.hpp"

namespace inetd {

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

Internal internal_service_named(std::string_view name) {
    if (name == "echo") return Internal::kEcho;
    if (name == "discard") return Internal::kDiscard;
    if (name == "chargen") return Internal::kChargen;
    if (name == "daytime") return Internal::kDaytime;
    if (name == "time") return Internal::kTime;
    return Internal::kNone;
}

}  // namespace inetd
