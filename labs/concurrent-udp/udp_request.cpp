#include "udp_request.hpp"

namespace concurrent {

UdpRequest parse_udp_request(std::string_view datagram) {
    // TODO(student): if the datagram starts with "delay " and a whole number of
    // milliseconds (followed by the end, a space or a newline), that is the delay, capped
    // at kMaxDelay (an overflowing number counts as the cap). Anything else: no delay.
    return UdpRequest{std::chrono::milliseconds{0}, std::string(datagram)};
}

std::string format_udp_reply(long pid, std::string_view request_text) {
    return "pid " + std::to_string(pid) + ": " + std::string(request_text);
}

}  // namespace concurrent
