#pragma once
// The directory a TFTP server serves, and the only way its files are opened: every name
// goes through confine_path() and is then resolved by the kernel beneath the directory,
// so neither "..", an absolute path nor a symbolic link reaches anything outside it.
// Written files appear whole or not at all: data goes to a temporary name in the same
// directory, renamed over the target only once the transfer completed.

#include <cstdint>
#include <string>

#include "conversation.hpp"
#include "np/fd.hpp"

namespace tftp {

// A file being written under a temporary name; removed again unless commit() is called.
class PendingFile {
public:
    PendingFile(np::Fd parent, std::string temporary, std::string final_name, np::Fd file);
    PendingFile(PendingFile&&) noexcept = default;
    PendingFile& operator=(PendingFile&&) = delete;
    ~PendingFile();

    // The open temporary file, to write to (ownership passes to the caller).
    np::Fd take_file() { return std::move(file_); }
    // Renames the temporary file to its final name.
    void commit();

private:
    np::Fd parent_;
    std::string temporary_;
    std::string final_name_;
    np::Fd file_;
    bool committed_ = false;
};

class ServedDirectory {
public:
    // Opens `path` (throws std::system_error if it is not a directory we can open).
    ServedDirectory(const std::string& path, bool allow_create);

    // The file to send for a read request, and its size; throws TransferError with the
    // code to send: kFileNotFound, or kAccessViolation (outside the directory, not a
    // regular file, not readable).
    np::Fd open_for_reading(const std::string& name, std::uint64_t& size) const;

    // A temporary file that becomes `name` on commit. Throws TransferError: access
    // violation for names outside, a symbolic link or non-regular file in the way, or a
    // new file without -c (creation not allowed).
    PendingFile open_for_writing(const std::string& name) const;

private:
    np::Fd directory_;
    bool allow_create_;
};

}  // namespace tftp
