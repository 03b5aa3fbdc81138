#pragma once
// Socket addresses for IPv4 and IPv6 behind one type, and name resolution that reports
// failures the way getaddrinfo's users expect ("Name or service not known").

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace np {

// A sockaddr_storage and the length in use: big enough for any family the kernel returns.
class SocketAddress {
public:
    // An empty address (family AF_UNSPEC, size 0), e.g. to receive into with size_ptr().
    SocketAddress() noexcept;
    // Copies `size` bytes of `addr`; throws std::length_error if they do not fit.
    SocketAddress(const sockaddr* addr, socklen_t size);

    int family() const noexcept { return storage_.ss_family; }
    sockaddr* data() noexcept { return reinterpret_cast<sockaddr*>(&storage_); }
    const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
    socklen_t size() const noexcept { return size_; }
    // For recvfrom/accept: resets the length to the full capacity and lets the kernel set it.
    socklen_t* size_ptr() noexcept;

    // The port in host order; 0 for families without ports.
    std::uint16_t port() const noexcept;
    // Sets the port (given in host order); throws std::logic_error unless IPv4 or IPv6.
    void set_port(std::uint16_t port);

    // The numeric host: "192.0.2.1", "2001:db8::1", "fe80::1%eth0".
    std::string host() const;
    // Host and port: "192.0.2.1:53", "[2001:db8::1]:53"; just the host when the port is 0.
    std::string to_string() const;

    // Same family, address, port (and IPv6 scope); padding bytes are ignored.
    bool operator==(const SocketAddress& other) const noexcept;
    // Same family and address; ports and IPv6 scopes do not matter (who sent an ICMP
    // error about a datagram, not to which port).
    bool same_host(const SocketAddress& other) const noexcept;

    // Parses a numeric IPv4/IPv6 address (no DNS lookup); nullopt if `host` is not one.
    static std::optional<SocketAddress> parse_numeric(std::string_view host,
                                                      std::uint16_t port = 0);
    // The address of `family` (AF_INET or AF_INET6) whose raw network-order bytes are
    // `address` (4 or 16 of them, as read from a header), with `port` in host order.
    // Throws std::invalid_argument for another family or a wrong number of bytes.
    static SocketAddress from_bytes(int family, std::span<const std::byte> address,
                                    std::uint16_t port = 0);

private:
    sockaddr_storage storage_;
    socklen_t size_;
};

// A failed name lookup; what() is gai_strerror's text, code() the EAI_* value.
class ResolveError : public std::runtime_error {
public:
    ResolveError(int code, const std::string& message);
    int code() const noexcept { return code_; }

private:
    int code_;
};

// All addresses for `host` (a name or a numeric address), in getaddrinfo's order and
// without duplicates; port 0. family: AF_UNSPEC, AF_INET or AF_INET6; socktype: 0 for any.
std::vector<SocketAddress> resolve(std::string_view host, int family = AF_UNSPEC, int socktype = 0);

// The name an address maps back to (reverse DNS, /etc/hosts), or its numeric host if none.
std::string reverse_name(const SocketAddress& addr);

}  // namespace np
