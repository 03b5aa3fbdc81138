#include "tftp_server.hpp"

#include "reaper.hpp"

namespace tftp {

void serve_requests(int listener, const ServerContext& context,
                    std::optional<std::chrono::seconds> idle) {
    concurrent::reap_children_on_sigchld();
    while (auto incoming = next_request(listener, idle)) {
        // TODO(student): fork a child per request; the child closes the listener, calls
        // serve_transfer and _exit(0)s; the parent goes straight back to next_request. Keep
        // the pid of each running transfer by client address, filename and opcode, and
        // ignore a repeated request while its transfer runs (its first reply was lost; the
        // child's retransmission will answer it). As written, transfers run one at a time.
        serve_transfer(incoming->request, incoming->client, context);
    }
}

}  // namespace tftp
