#pragma once
// Tools that need raw sockets open them first and then give up root: a bug after that
// point can no longer do what root could.

namespace np {

// If the effective uid (gid) differs from the real one, as in a set-uid program, sets both
// to the real one, group first (after setuid it would no longer be allowed). Throws
// std::system_error on failure. Does nothing when they are equal, e.g. under sudo.
void drop_privileges();

}  // namespace np
