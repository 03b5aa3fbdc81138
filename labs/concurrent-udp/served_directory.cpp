#include "served_directory.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include "np/check.hpp"
#include "path_rules.hpp"

namespace tftp {

namespace {

// openat2(2) with RESOLVE_BENEATH: the kernel refuses (EXDEV) any resolution, symbolic
// links included, that would leave `directory`. glibc 2.36 has no wrapper for it.
int open_beneath(int directory, const std::string& path, int flags, mode_t mode = 0) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd;
    do {
        fd = ::syscall(SYS_openat2, directory, path.c_str(), &how, sizeof how);
    } while (fd < 0 && errno == EINTR);
    return static_cast<int>(fd);
}

[[noreturn]] void refuse(ErrorCode code, const std::string& message) {
    throw TransferError(code, message);
}

[[noreturn]] void refuse_errno(int error) {
    if (error == ENOENT || error == ENOTDIR) refuse(ErrorCode::kFileNotFound, "File not found");
    if (error == ENOSPC || error == EDQUOT) {
        refuse(ErrorCode::kDiskFull, error_text(ErrorCode::kDiskFull));
    }
    refuse(ErrorCode::kAccessViolation, error == EXDEV || error == ELOOP
                                            ? "Access violation: outside the served directory"
                                            : "Permission denied");
}

std::string confined(const std::string& name) {
    auto path = confine_path(name);
    if (!path)
        refuse(ErrorCode::kAccessViolation, "Access violation: outside the served directory");
    return *path;
}

}  // namespace

PendingFile::PendingFile(np::Fd parent, std::string temporary, std::string final_name, np::Fd file)
    : parent_(std::move(parent)),
      temporary_(std::move(temporary)),
      final_name_(std::move(final_name)),
      file_(std::move(file)) {}

PendingFile::~PendingFile() {
    if (!committed_ && parent_) ::unlinkat(parent_.get(), temporary_.c_str(), 0);
}

void PendingFile::commit() {
    np::check(::renameat(parent_.get(), temporary_.c_str(), parent_.get(), final_name_.c_str()),
              "rename");
    committed_ = true;
}

ServedDirectory::ServedDirectory(const std::string& path, bool allow_create)
    : directory_(np::check(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC), path)),
      allow_create_(allow_create) {}

np::Fd ServedDirectory::open_for_reading(const std::string& name, std::uint64_t& size) const {
    np::Fd file(open_beneath(directory_.get(), confined(name), O_RDONLY | O_NOCTTY));
    if (!file) refuse_errno(errno);
    struct stat info {};
    np::check(::fstat(file.get(), &info), "fstat");
    if (!S_ISREG(info.st_mode)) refuse(ErrorCode::kAccessViolation, "Not a regular file");
    size = static_cast<std::uint64_t>(info.st_size);
    return file;
}

PendingFile ServedDirectory::open_for_writing(const std::string& name) const {
    const auto [parent_path, base] = split_parent(confined(name));
    np::Fd parent(open_beneath(directory_.get(), parent_path, O_PATH | O_DIRECTORY));
    if (!parent) refuse_errno(errno);

    struct stat info {};
    if (::fstatat(parent.get(), base.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
        // Replacing a link would not write through it, but refusing is clearer.
        if (!S_ISREG(info.st_mode)) refuse(ErrorCode::kAccessViolation, "Not a regular file");
    } else if (errno != ENOENT) {
        refuse_errno(errno);
    } else if (!allow_create_) {
        refuse(ErrorCode::kAccessViolation, "Access violation: file creation not allowed (-c)");
    }

    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string temporary = "." + base + ".tftp-" + std::to_string(random() % 1000000);
        const int fd = ::openat(parent.get(), temporary.c_str(),
                                O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) return PendingFile(std::move(parent), temporary, base, np::Fd(fd));
        if (errno != EEXIST) refuse_errno(errno);
    }
    refuse(ErrorCode::kNotDefined, "cannot create a temporary file");
}

}  // namespace tftp
