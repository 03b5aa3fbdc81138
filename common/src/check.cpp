#include "np/check.hpp"

#include <cerrno>
#include <string>
#include <system_error>

namespace np {

void throw_errno(std::string_view what) {
    throw std::system_error(errno, std::generic_category(), std::string(what));
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
