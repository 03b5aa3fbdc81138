#include "netascii.hpp"

namespace tftp {

void netascii_encode(std::span<const std::byte> local, std::vector<std::byte>& out) {
    // TODO(student): LF becomes CR LF, CR becomes CR NUL, every other byte is copied.
    out.insert(out.end(), local.begin(), local.end());
}

void NetasciiDecoder::feed(std::span<const std::byte> wire, std::vector<std::byte>& out) {
    // TODO(student): CR LF becomes LF, CR NUL becomes CR (a CR followed by anything else
    // stays a CR). A CR at the end of `wire` waits in pending_cr_ for the next call.
    (void)pending_cr_;
    out.insert(out.end(), wire.begin(), wire.end());
}

void NetasciiDecoder::finish([[maybe_unused]] std::vector<std::byte>& out) {
    // TODO(student): a CR still held back was a lone CR.
}

}  // namespace tftp
