#include "extended_error.hpp"

// <linux/errqueue.h> uses struct timespec without including <time.h>: keep this order.
// clang-format off
#include <time.h>
#include <linux/errqueue.h>
// clang-format on

#include <cerrno>

#include "np/icmp.hpp"

namespace icmpd {

bool carries_mtu(const sock_extended_err& error) {
    if (error.ee_origin == SO_EE_ORIGIN_ICMP) {
        return error.ee_type == np::icmp::kDestUnreachable &&
               error.ee_code == np::icmp::unreachable::kFragNeeded;
    }
    if (error.ee_origin == SO_EE_ORIGIN_ICMP6) return error.ee_type == np::icmp6::kPacketTooBig;
    return error.ee_origin == SO_EE_ORIGIN_LOCAL && error.ee_errno == EMSGSIZE;
}

}  // namespace icmpd
