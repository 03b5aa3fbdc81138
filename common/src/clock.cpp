#include "np/clock.hpp"

#include <climits>

namespace np {

Deadline::Deadline(Clock::duration timeout) : at_(Clock::now() + timeout) {}

bool Deadline::expired() const { return at_ && Clock::now() >= *at_; }

Clock::duration Deadline::remaining() const {
    if (!at_) return Clock::duration::max();
    auto left = *at_ - Clock::now();
    return left > Clock::duration::zero() ? left : Clock::duration::zero();
}

int Deadline::poll_timeout_ms() const {
    if (!at_) return -1;
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(remaining()).count();
    return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

double to_ms(Clock::duration duration) noexcept {
    return std::chrono::duration<double, std::milli>(duration).count();
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
