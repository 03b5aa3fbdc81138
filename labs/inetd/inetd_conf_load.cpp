// The configuration file as a whole: reading it, and telling whether a reload changed a
// service.

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "inetd_conf.hpp"
#include "np/check.hpp"

namespace inetd {

bool ServiceEntry::same_service(const ServiceEntry& other) const {
    return host == other.host && service == other.service && port == other.port &&
           stream == other.stream && protocol == other.protocol && families == other.families &&
           wait == other.wait && max_per_minute == other.max_per_minute && user == other.user &&
           group == other.group && server == other.server && internal == other.internal &&
           argv == other.argv;
}

InetdConfig load_inetd_config(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error(path + ": " + np::errno_text(errno));
    std::ostringstream text;
    text << file.rdbuf();
    return parse_inetd_config(text.str(), path);
}

}  // namespace inetd
