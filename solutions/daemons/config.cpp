#include "config.hpp"

#include <optional>

#include "config_text.hpp"
#include "np/numbers.hpp"

namespace daemons {

namespace {

// Where each setting was seen, for the "duplicate" message.
struct Seen {
    std::optional<int> port;
    std::optional<int> reply;
};

}  // namespace

Config parse_config(std::string_view text, std::string_view file_name) {
    Config config;
    Seen seen;
    int number = 0;
    auto fail = [&](const std::string& message) -> ConfigError {
        return ConfigError(std::string(file_name) + ":" + std::to_string(number) + ": " + message);
    };
    auto first_time = [&](std::optional<int>& where, std::string_view key) {
        if (where) {
            throw fail("duplicate '" + std::string(key) + "' (first on line " +
                       std::to_string(*where) + ")");
        }
        where = number;
    };

    while (!text.empty()) {
        ++number;
        const auto end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.empty() || line.front() == '#') continue;

        const auto blank = line.find_first_of(kBlanks);
        const std::string_view key = line.substr(0, blank);
        const std::string_view value =
            blank == std::string_view::npos ? std::string_view{} : trim(line.substr(blank));
        if (key != "port" && key != "reply")
            throw fail("unknown keyword '" + std::string(key) + "'");
        if (value.empty()) throw fail("'" + std::string(key) + "' needs a value");

        if (key == "port") {
            first_time(seen.port, key);
            try {
                config.port = np::parse_number<std::uint16_t>(value, 1, 65535, "port");
            } catch (const np::UsageError& e) {
                throw fail(e.what());  // "invalid port: 'x'", with the line in front
            }
        } else {
            first_time(seen.reply, key);
            config.reply = value;
        }
    }
    if (!seen.port) throw ConfigError(std::string(file_name) + ": no 'port' line");
    if (!seen.reply) throw ConfigError(std::string(file_name) + ": no 'reply' line");
    return config;
}

}  // namespace daemons
