#include "block_stream.hpp"

#include <unistd.h>

#include <cerrno>

#include "np/check.hpp"

namespace tftp {

std::vector<std::byte> BlockSource::next(std::size_t size) {
    std::vector<std::byte> raw(size);
    while (pending_.size() < size && !at_end_) {
        const ssize_t n = ::read(file_.get(), raw.data(), raw.size());
        if (n < 0 && errno == EINTR) continue;
        np::check(n, "read");
        if (n == 0) {
            at_end_ = true;
            break;
        }
        const auto got = std::span(raw).first(static_cast<std::size_t>(n));
        if (netascii_) {
            netascii_encode(got, pending_);
        } else {
            pending_.insert(pending_.end(), got.begin(), got.end());
        }
    }
    const auto take = std::min(size, pending_.size());
    std::vector<std::byte> block(pending_.begin(), pending_.begin() + static_cast<long>(take));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(take));
    return block;
}

void BlockSink::write_all(std::span<const std::byte> bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(file_.get(), bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        np::check(n, "write");
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
}

void BlockSink::write(std::span<const std::byte> payload) {
    if (!netascii_) return write_all(payload);
    std::vector<std::byte> local;
    decoder_.feed(payload, local);
    write_all(local);
}

void BlockSink::finish() {
    if (!netascii_) return;
    std::vector<std::byte> local;
    decoder_.finish(local);
    write_all(local);
}

}  // namespace tftp
