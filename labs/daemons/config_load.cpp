// Reading the configuration file; parse_config (config.cpp) makes sense of it.

#include <cerrno>
#include <fstream>
#include <sstream>

#include "config.hpp"
#include "np/check.hpp"

namespace daemons {

Config load_config(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw ConfigError(path + ": " + np::errno_text(errno));
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad()) throw ConfigError(path + ": read error");
    return parse_config(text.str(), path);
}

}  // namespace daemons
