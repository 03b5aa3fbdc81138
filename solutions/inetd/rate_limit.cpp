#include "rate_limit.hpp"

namespace inetd {

bool RateLimit::allow(np::Clock::time_point now) {
    if (count_ == 0 || now - interval_start_ >= kRateInterval) {
        interval_start_ = now;
        count_ = 0;
    }
    ++count_;
    return count_ <= max_;
}

}  // namespace inetd
