#include "priority.hpp"

namespace syslogd {

DecodedPri decode_pri(std::string_view datagram) {
    DecodedPri result;
    if (datagram.empty() || datagram[0] != '<') return result;
    std::size_t end = 1;
    while (end < datagram.size() && datagram[end] >= '0' && datagram[end] <= '9') ++end;
    const std::size_t digits = end - 1;
    if (digits == 0 || end >= datagram.size() || datagram[end] != '>') return result;

    result.length = end + 1;
    const std::string_view number = datagram.substr(1, digits);
    // RFC 5424: 1 to 3 digits, no leading zero except "<0>" itself.
    if (digits > 3 || (digits > 1 && number[0] == '0')) {
        result.status = DecodedPri::kInvalid;
        return result;
    }
    int value = 0;
    for (const char c : number) value = value * 10 + (c - '0');
    if (value > kMaxPriority) {
        result.status = DecodedPri::kInvalid;
        return result;
    }
    result.status = DecodedPri::kOk;
    result.priority = value;
    return result;
}

}  // namespace syslogd
