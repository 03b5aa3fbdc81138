#pragma once
// An owned file descriptor: closed exactly once, even when an exception leaves the scope.

namespace np {

class Fd {
public:
    Fd() noexcept = default;
    explicit Fd(int fd) noexcept : fd_(fd) {}
    Fd(Fd&& other) noexcept : fd_(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        reset(other.release());
        return *this;
    }
    // Copying would close the same descriptor twice.
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    // The descriptor, still owned by this object; -1 when empty.
    int get() const noexcept { return fd_; }
    // Gives up ownership without closing; the caller must close the returned descriptor.
    int release() noexcept {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes the current descriptor (ignoring errors, as a destructor must) and owns `fd`.
    void reset(int fd = -1) noexcept;
    // Closes now and throws std::system_error if close fails (it can, e.g. on NFS).
    void close();

    explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace np
