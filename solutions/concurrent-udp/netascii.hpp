#pragma once
// Netascii (RFC 764's NVT ASCII, which TFTP's "netascii" mode uses): on the wire a line
// ends with CR LF, and a lone CR travels as CR NUL. A Unix host keeps lines ending in LF,
// so the sender converts LF -> CR LF and CR -> CR NUL, and the receiver undoes it.
//
// The conversion runs over a stream cut into blocks, and a CR may end one block while
// its LF or NUL starts the next: the decoder remembers that CR between calls.

#include <cstddef>
#include <span>
#include <vector>

namespace tftp {

// Local text -> netascii, appended to `out`. Needs no state: every byte maps on its own.
void netascii_encode(std::span<const std::byte> local, std::vector<std::byte>& out);

// Netascii -> local text, one piece of the stream at a time.
class NetasciiDecoder {
public:
    // Appends the local form of `wire` to `out`; a CR at the end of `wire` is held back
    // until the next call tells what follows it.
    void feed(std::span<const std::byte> wire, std::vector<std::byte>& out);
    // The stream ended: a CR still held back was a lone CR after all.
    void finish(std::vector<std::byte>& out);

private:
    bool pending_cr_ = false;
};

}  // namespace tftp
