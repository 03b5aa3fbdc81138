#include "syslog_conf.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>

#include "np/check.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace syslogd {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// "@host", "@host:port", "@[v6addr]:port", "@v6addr" (no port: more than one colon).
Action read_forward(std::string_view target) {
    Action action;
    action.kind = Action::kForward;
    if (target.substr(0, 1) == "@")
        throw SyslogConfError("forwarding over TCP (@@) is not supported");
    std::string_view port;
    if (target.substr(0, 1) == "[") {
        const auto close = target.find(']');
        if (close == std::string_view::npos)
            throw SyslogConfError("missing ']' in '@" + std::string(target) + "'");
        action.host = target.substr(1, close - 1);
        const std::string_view after = target.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':')
                throw SyslogConfError("bad forwarding target '@" + std::string(target) + "'");
            port = after.substr(1);
        }
    } else if (const auto colon = target.find(':');
               colon != std::string_view::npos &&
               target.find(':', colon + 1) == std::string_view::npos) {
        action.host = target.substr(0, colon);
        port = target.substr(colon + 1);
    } else {
        action.host = target;
    }
    if (action.host.empty()) throw SyslogConfError("no host after '@'");
    if (!port.empty() || target.back() == ':') {
        try {
            action.port = np::parse_number<std::uint16_t>(port, 1, 65535, "port");
        } catch (const np::UsageError& e) {
            throw SyslogConfError(e.what());
        }
    }
    return action;
}

Action read_action(std::string_view text) {
    if (text == "/dev/stdout") return Action{Action::kStdout, {}, false, {}, 0};
    if (text.substr(0, 1) == "@") return read_forward(text.substr(1));
    Action action;
    if (text.substr(0, 1) == "-") {
        action.sync = false;
        text.remove_prefix(1);
    }
    if (text.substr(0, 1) != "/") {
        throw SyslogConfError("unsupported action '" + std::string(text) +
                              "' (a /path, -/path, @host[:port] or /dev/stdout)");
    }
    action.path = text;
    return action;
}

}  // namespace

std::vector<Rule> parse_syslog_conf(std::string_view text, std::string_view file_name) {
    std::vector<Rule> rules;
    int number = 0;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        ++number;
        const std::string_view content = trim(line);
        if (content.empty() || content[0] == '#') continue;
        try {
            const auto blank = content.find_first_of(" \t");
            if (blank == std::string_view::npos) {
                throw SyslogConfError("no action after selector '" + std::string(content) + "'");
            }
            Rule rule;
            rule.selector = parse_selector(content.substr(0, blank));
            rule.action = read_action(trim(content.substr(blank)));
            rule.line = number;
            rules.push_back(std::move(rule));
        } catch (const std::runtime_error& e) {
            throw SyslogConfError(std::string(file_name) + ":" + std::to_string(number) + ": " +
                                  e.what());
        }
    }
    return rules;
}

std::vector<Rule> load_syslog_conf(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw SyslogConfError(path + ": " + np::errno_text(errno));
    std::ostringstream text;
    text << file.rdbuf();
    return parse_syslog_conf(text.str(), path);
}

std::vector<Rule> stdout_only_rules() {
    return parse_syslog_conf("*.*  /dev/stdout\n", "(built-in)");
}

}  // namespace syslogd
