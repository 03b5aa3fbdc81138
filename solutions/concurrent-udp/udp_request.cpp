#include "udp_request.hpp"

#include <charconv>

namespace concurrent {

UdpRequest parse_udp_request(std::string_view datagram) {
    UdpRequest request{std::chrono::milliseconds{0}, std::string(datagram)};
    constexpr std::string_view kPrefix = "delay ";
    if (!datagram.starts_with(kPrefix)) return request;
    const auto digits = datagram.substr(kPrefix.size());
    long long ms = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    const bool ends_word = end == digits.data() + digits.size() || *end == ' ' || *end == '\n';
    if (error == std::errc{} && end != digits.data() && ends_word && ms >= 0) {
        request.delay = std::min(std::chrono::milliseconds(ms), kMaxDelay);
    } else if (error == std::errc::result_out_of_range) {
        request.delay = kMaxDelay;
    }
    return request;
}

std::string format_udp_reply(long pid, std::string_view request_text) {
    return "pid " + std::to_string(pid) + ": " + std::string(request_text);
}

}  // namespace concurrent
