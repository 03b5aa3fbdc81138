#include "selector.hpp"

#include <string>
#include <vector>

namespace syslogd {

bool Selector::matches([[maybe_unused]] int priority) const {
    // TODO(student): false out of 0..191; else bit severity_of(priority) of the mask of
    // facility_of(priority).
    return false;
}

Selector parse_selector([[maybe_unused]] std::string_view text) {
    Selector selector;
    // TODO(student): split `text` at ';' and read each part from left to right, each one
    // changing the masks_ the earlier parts left:
    //   FACILITIES.LEVEL, split at the last '.'; no '.' -> SelectorError.
    //   FACILITIES: '*' (all 24) or names separated by ',' (facility_from_name; unknown
    //               -> SelectorError naming it).
    //   LEVEL: "none" -> those facilities' masks become 0;
    //          [!][=]NAME or [!]* (severity_from_name; unknown -> SelectorError):
    //          NAME = that severity and every more urgent one (bits 0..s), "=NAME" that
    //          severity only, "*" all eight; with '!' clear those bits, else set them.
    return selector;
}

}  // namespace syslogd
