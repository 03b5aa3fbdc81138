#pragma once
// A file as a sequence of TFTP blocks, and blocks back into a file, with the netascii
// conversion on the way when the transfer's mode asks for it.

#include <cstddef>
#include <span>
#include <vector>

#include "netascii.hpp"
#include "np/fd.hpp"

namespace tftp {

class BlockSource {
public:
    BlockSource(np::Fd file, bool netascii) : file_(std::move(file)), netascii_(netascii) {}
    // The next `size` bytes of the (converted) file; fewer only at its end, so an empty
    // result after a run of full blocks is the empty last block RFC 1350 asks for.
    std::vector<std::byte> next(std::size_t size);

private:
    np::Fd file_;
    bool netascii_;
    bool at_end_ = false;
    std::vector<std::byte> pending_;  // converted bytes not sent yet
};

class BlockSink {
public:
    BlockSink(np::Fd file, bool netascii) : file_(std::move(file)), netascii_(netascii) {}
    // Appends a block's payload. Throws std::system_error if the write fails (ENOSPC...).
    void write(std::span<const std::byte> payload);
    // The last block arrived: flushes what the netascii decoder held back.
    void finish();

private:
    void write_all(std::span<const std::byte> bytes);

    np::Fd file_;
    bool netascii_;
    NetasciiDecoder decoder_;
};

}  // namespace tftp
