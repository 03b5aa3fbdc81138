#pragma once
// The client's side of np-icmpd: connect, register a bound UDP socket, read error records.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "error_record.hpp"
#include "np/fd.hpp"

namespace icmpd {

class IcmpdClient {
public:
    // Connects to np-icmpd's Unix socket at `path`. Throws std::system_error
    // ("connect /run/np-icmpd.sock: No such file or directory") if nobody listens there.
    explicit IcmpdClient(const std::string& path);

    // Passes `udp_socket` (bound: np-icmpd knows clients by port) to the daemon and waits
    // for its answer. Throws std::runtime_error if it refuses the socket, hangs up or does
    // not answer within a few seconds. The socket stays ours: the daemon closes its copy.
    void register_socket(int udp_socket);

    // The connection, to poll() for records.
    int fd() const noexcept { return connection_.get(); }

    // Reads what has arrived and returns the complete records among it (a record split
    // between two reads is kept until its end comes). nullopt once the daemon has hung up.
    std::optional<std::vector<ErrorRecord>> read_records();

private:
    np::Fd connection_;
    std::vector<std::byte> pending_;  // the start of a record still being received
};

}  // namespace icmpd
