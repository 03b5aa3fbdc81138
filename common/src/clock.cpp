#include "np/clock.hpp"

#include <climits>

namespace np {

Deadline::Deadline(Clock::duration timeout) : at_(Clock::now() + timeout) {}

int poll_timeout_ms(std::optional<Clock::time_point> deadline, Clock::time_point now) {
    if (!deadline) return -1;
    if (*deadline <= now) return 0;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*deadline - now).count();
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

timespec to_timespec(Clock::duration duration) noexcept {
    auto seconds = std::chrono::floor<std::chrono::seconds>(duration);
    auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(duration - seconds);
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(seconds.count());
    ts.tv_nsec = static_cast<long>(nanoseconds.count());
    return ts;
}

}  // namespace np
