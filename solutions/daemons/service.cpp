#include "service.hpp"

#include <signal.h>

#include <exception>
#include <string>

namespace daemons {

bool Service::handle_signal(int sig) {
    switch (sig) {
        case SIGHUP:
            reload();
            return false;
        case SIGTERM:
        case SIGINT:
            log_.info(std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
            return true;
        default:
            return false;
    }
}

void Service::reload() {
    try {
        Config next = load_config(config_path_);
        if (next.port != config_.port) socket_ = open_udp_socket(next.port);
        config_ = std::move(next);
        log_.info("reloaded " + config_path_ + ": port " + std::to_string(config_.port));
    } catch (const std::exception& e) {
        log_.error(std::string(e.what()) + "; keeping the old configuration");
    }
}

}  // namespace daemons
