#include "np/check.hpp"

#include <cstring>
#include <string>

namespace np {
namespace {

class ErrnoCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "errno"; }
    std::string message(int error) const override { return errno_text(error); }
    // Lets e.code() == std::errc::... work as with std::generic_category.
    std::error_condition default_error_condition(int error) const noexcept override {
        return {error, std::generic_category()};
    }
};

}  // namespace

std::string errno_text(int error) {
    // glibc's strerrorname_np and strerrordesc_np (unlike strerror) are thread-safe, and
    // return nullptr for a number that is no errno.
    const char* symbol = strerrorname_np(error);
    const char* description = strerrordesc_np(error);
    if (!symbol || !description) return "Unknown error " + std::to_string(error);
    return std::string(symbol) + " " + description;
}

const std::error_category& errno_category() noexcept {
    static const ErrnoCategory category;
    return category;
}

void throw_errno(std::string_view what, int error) {
    throw std::system_error(error, errno_category(), std::string(what));
}

int check(int rc, std::string_view what) {
    if (rc == -1) throw_errno(what);
    return rc;
}

ssize_t check(ssize_t rc, std::string_view what) {
    if (rc == -1) throw_errno(what);
    return rc;
}

}  // namespace np
