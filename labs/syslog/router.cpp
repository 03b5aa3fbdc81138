#include "router.hpp"

#include <string>

#include "line_format.hpp"

namespace syslogd {

void Router::route([[maybe_unused]] const Message& message) {
    // TODO(student): for each rule in order whose sink is open (not nullptr) and whose
    // selector matches(message.priority), write the message to the rule's sink, with its
    // file line: format_file_line(message), formatted once for all rules.
}

}  // namespace syslogd
