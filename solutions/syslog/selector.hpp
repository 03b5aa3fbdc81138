#pragma once
// The left half of a syslog.conf line: which messages a rule takes.
//
//   mail.info                  mail, severity info or more urgent (info..emerg)
//   *.err                      every facility, err and above
//   mail,news.=notice          mail and news, notice only
//   *.info;mail.none           ';' joins selectors, read left to right: all at info and
//                              above, then mail taken out again
//   cron.*;cron.!debug         '!' takes out: cron at every severity but debug ("!=debug"
//                              would take out debug only, "!info" info and above)
//
// A selector is therefore a set of (facility, severity) pairs: one bit per severity for
// each facility, which each part of the line sets or clears in turn.

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "priority.hpp"

namespace syslogd {

// A selector that cannot be read; what() says which part and why.
struct SelectorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Selector {
public:
    // Matches nothing.
    Selector() = default;

    // Does this selector take a message of this priority (facility * 8 + severity)?
    bool matches(int priority) const;

    // Bit s of mask(f): facility f at severity s is taken.
    std::uint8_t mask(int facility) const { return masks_.at(static_cast<std::size_t>(facility)); }

    friend Selector parse_selector(std::string_view text);

private:
    std::array<std::uint8_t, kFacilityCount> masks_{};
};

// Reads "fac[,fac...].[!][=]level" parts joined by ';'. Throws SelectorError for an
// unknown facility or level, or a part without a '.'.
Selector parse_selector(std::string_view text);

}  // namespace syslogd
