#include "service.hpp"

#include <signal.h>

#include <exception>
#include <string>

namespace daemons {

// Milestone 5: signals. They arrive here from the loop in run(), as ordinary events: do
// the work here, where any function may be called, never in a signal handler.

bool Service::handle_signal([[maybe_unused]] int sig) {
    // TODO(student): SIGHUP: reload() and go on serving. SIGTERM and SIGINT: log
    // "stopping on SIGTERM" (or SIGINT) with log_.info and return true. Anything else:
    // ignore it.
    static_cast<void>(log_);  // only keeps the compiler quiet until you use log_: remove it
    return false;
}

void Service::reload() {
    // TODO(student): load_config(config_path_). If it throws (the message names file and
    // line), log_.error the message and keep everything as it is. If it is good: a new
    // port needs a new socket (open_udp_socket; its failure keeps the old configuration
    // too); then serve the new configuration and log_.info that it was reloaded.
}

}  // namespace daemons
