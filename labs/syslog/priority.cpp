#include "priority.hpp"

namespace syslogd {

DecodedPri decode_pri([[maybe_unused]] std::string_view datagram) {
    // TODO(student): '<', 1 to 3 digits, '>' at the start -> kOk with the value and the
    // length of "<...>" (e.g. 4 for "<34>"), if the value is 0..191 and has no leading zero
    // ("<0>" itself is fine). '<' digits '>' otherwise (more digits, over 191, "<01>") ->
    // kInvalid, priority kDefaultPriority, length still that of the "<...>". Anything else
    // -> kMissing, kDefaultPriority, length 0. Never read past the text.
    return DecodedPri{};
}

}  // namespace syslogd
