#include "tftp_options.hpp"

namespace tftp {

Negotiation negotiate(const Request& request, const TransferSettings& defaults,
                      [[maybe_unused]] std::optional<std::uint64_t> file_size) {
    // TODO(student): for each requested option with a whole-number value (see option_number()):
    // blksize >= 8 (lowered to kMaxBlockSize), timeout 1-255 seconds, tsize (a WRQ's value
    // is the client's; in a RRQ answer with file_size, if known). Set the settings and add
    // each accepted option to the OACK list under its lower-case name. Ignore the rest.
    return Negotiation{defaults, request.options};
}

}  // namespace tftp
