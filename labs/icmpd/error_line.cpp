// An error record as the line np-udpcli prints (see error_line in error_record.hpp).

#include <cstring>
#include <string>

#include "error_record.hpp"

namespace icmpd {

std::string error_line(const ErrorRecord& record) {
    // strerror's text alone, as UNP's udpcli prints it (the tests match it).
    std::string line = record.destination.to_string() + ": " + std::strerror(record.error);
    // Type 0 is no ICMP error (v4: echo reply; v6: reserved): the local stack refused.
    line += record.type == 0 ? " (local error)"
                             : " (ICMP type " + std::to_string(record.type) + " code " +
                                   std::to_string(record.code) + ")";
    if (record.mtu != 0) line += " mtu " + std::to_string(record.mtu);
    return line;
}

}  // namespace icmpd
