#pragma once
// np-udpd's protocol, one datagram each way. A request is any text; if it starts with
// "delay MS " (or is just "delay MS"), the answer comes MS milliseconds later, so that
// several requests in flight at once show whether the server serves them concurrently.
// The answer names the process that served it: "pid 1234: <request>".

#include <chrono>
#include <string>
#include <string_view>

namespace concurrent {

inline constexpr std::chrono::milliseconds kMaxDelay{60'000};

struct UdpRequest {
    std::chrono::milliseconds delay{0};
    std::string text;  // the whole request, as received
};

// The delay a request asks for (0 if none, capped at kMaxDelay); never throws.
UdpRequest parse_udp_request(std::string_view datagram);

// "pid 1234: <request text>"
std::string format_udp_reply(long pid, std::string_view request_text);

}  // namespace concurrent
