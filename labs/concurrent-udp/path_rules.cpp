#include "path_rules.hpp"

namespace tftp {

std::optional<std::string> confine_path(std::string_view name) {
    // TODO(student): refuse (nullopt) an empty or absolute name, one with a control
    // character, or one with a ".." component; drop empty and "." components and join the
    // rest with '/'. A name that is nothing but "." components is refused too.
    return std::string(name);
}

std::pair<std::string, std::string> split_parent(const std::string& relative) {
    const auto slash = relative.rfind('/');
    if (slash == std::string::npos) return {".", relative};
    return {relative.substr(0, slash), relative.substr(slash + 1)};
}

}  // namespace tftp
