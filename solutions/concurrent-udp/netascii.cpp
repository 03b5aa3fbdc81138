#include "netascii.hpp"

namespace tftp {

namespace {
constexpr std::byte kCr{'\r'};
constexpr std::byte kLf{'\n'};
constexpr std::byte kNul{0};
}  // namespace

void netascii_encode(std::span<const std::byte> local, std::vector<std::byte>& out) {
    for (const std::byte b : local) {
        if (b == kLf) {
            out.push_back(kCr);
            out.push_back(kLf);
        } else if (b == kCr) {
            out.push_back(kCr);
            out.push_back(kNul);
        } else {
            out.push_back(b);
        }
    }
}

void NetasciiDecoder::feed(std::span<const std::byte> wire, std::vector<std::byte>& out) {
    for (const std::byte b : wire) {
        if (pending_cr_) {
            pending_cr_ = false;
            if (b == kLf) {
                out.push_back(kLf);
                continue;
            }
            out.push_back(kCr);  // CR NUL, or a CR followed by anything else: keep the CR
            if (b == kNul) continue;
        }
        if (b == kCr) {
            pending_cr_ = true;
        } else {
            out.push_back(b);
        }
    }
}

void NetasciiDecoder::finish(std::vector<std::byte>& out) {
    if (pending_cr_) out.push_back(kCr);
    pending_cr_ = false;
}

}  // namespace tftp
