#include "path_rules.hpp"

#include <algorithm>
#include <vector>

namespace tftp {

std::optional<std::string> confine_path(std::string_view name) {
    if (name.empty() || name.front() == '/') return std::nullopt;
    if (std::ranges::any_of(name, [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        return std::nullopt;
    }
    std::vector<std::string_view> parts;
    while (!name.empty()) {
        const auto slash = name.find('/');
        const auto part = name.substr(0, slash);
        name = slash == std::string_view::npos ? std::string_view{} : name.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") return std::nullopt;
        parts.push_back(part);
    }
    if (parts.empty()) return std::nullopt;  // "./" names the directory itself
    std::string result;
    for (const auto part : parts) {
        if (!result.empty()) result += '/';
        result += part;
    }
    return result;
}

std::pair<std::string, std::string> split_parent(const std::string& relative) {
    const auto slash = relative.rfind('/');
    if (slash == std::string::npos) return {".", relative};
    return {relative.substr(0, slash), relative.substr(slash + 1)};
}

}  // namespace tftp
