#include "tftp_server.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <string>

#include "np/check.hpp"
#include "np/log.hpp"
#include "reaper.hpp"

namespace tftp {

void serve_requests(int listener, const ServerContext& context,
                    std::optional<std::chrono::seconds> idle) {
    concurrent::reap_children_on_sigchld();
    // The transfers running, by client TID and request: a client whose first reply was lost
    // repeats its request, and a second child would answer it from a second port, which
    // the client takes for a stranger. The first child's retransmission answers it instead.
    std::map<std::string, pid_t> running;
    while (auto incoming = next_request(listener, idle)) {
        const auto& [request, client] = *incoming;
        std::erase_if(running, [](const auto& entry) { return ::kill(entry.second, 0) != 0; });
        const std::string key = client.to_string() + " " + request.filename + " " +
                                std::to_string(static_cast<int>(request.opcode));
        if (running.contains(key)) continue;
        const pid_t child = ::fork();
        if (child < 0) {
            np::warn("fork: " + np::errno_text(errno));
            continue;
        }
        if (child == 0) {
            ::close(listener);  // only the parent's: a failure here changes nothing for it
            serve_transfer(request, client, context);
            ::_exit(0);
        }
        running[key] = child;
    }
}

}  // namespace tftp
