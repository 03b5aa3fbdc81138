#include "np/privileges.hpp"

#include <unistd.h>

#include "np/check.hpp"

namespace np {

void drop_privileges() {
    if (getegid() != getgid()) check(setgid(getgid()), "setgid");
    if (geteuid() != getuid()) check(setuid(getuid()), "setuid");
}

}  // namespace np
