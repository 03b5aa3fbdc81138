#pragma once
// What a child of inetd does between fork and the server's first instruction.

#include <string>

#include "inetd_conf.hpp"

namespace inetd {

// Switches to `user` and `group` (the user's own group when empty), in the only order
// that works: setgid and initgroups while still root, setuid last (after it, changing
// groups is no longer allowed). A process that is already that user changes nothing.
// Throws std::system_error or std::runtime_error on failure.
void become_user(const std::string& user, const std::string& group);

// Puts `fd` on 0, 1 and 2 and closes everything else: the server must not inherit
// inetd's listening sockets (it would keep their ports alive after a reload).
void only_socket_on_standard_fds(int fd);

// In the child: gives the server a clean start (signals unblocked and at their defaults),
// becomes the service's user, puts `socket_fd` on descriptors 0, 1 and 2, closes every
// other descriptor, and execs the server. Never returns: on failure it logs with
// syslog(3) and _exits with 1 (cannot become the user) or 127 (cannot exec).
[[noreturn]] void exec_server(const ServiceEntry& service, int socket_fd);

// In the child, for the internal services that last (echo, discard, chargen over TCP):
// serves the connection and _exits.
[[noreturn]] void run_internal_child(Internal service, int socket_fd);

}  // namespace inetd
