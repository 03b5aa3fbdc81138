#include "np/address.hpp"

#include <netdb.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace np {

namespace {

// getaddrinfo's result list, freed on every path.
struct AddrInfoList {
    addrinfo* head = nullptr;
    ~AddrInfoList() {
        if (head != nullptr) freeaddrinfo(head);
    }
};

ResolveError resolve_error(int code) {
    // EAI_SYSTEM means "look at errno"; gai_strerror would only say "System error".
    std::string text = code == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(code);
    return ResolveError(code, text);
}

}  // namespace

SocketAddress::SocketAddress() noexcept : storage_{}, size_(0) {}

SocketAddress::SocketAddress(const sockaddr* addr, socklen_t size) : storage_{}, size_(size) {
    if (size > sizeof(storage_)) throw std::length_error("socket address too long");
    std::memcpy(&storage_, addr, size);
}

socklen_t* SocketAddress::size_ptr() noexcept {
    size_ = sizeof(storage_);
    return &size_;
}

std::uint16_t SocketAddress::port() const noexcept {
    switch (family()) {
        case AF_INET:
            return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
        case AF_INET6:
            return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
        default:
            return 0;
    }
}

void SocketAddress::set_port(std::uint16_t port) {
    switch (family()) {
        case AF_INET:
            reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
            break;
        case AF_INET6:
            reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
            break;
        default:
            throw std::logic_error("set_port: address is neither IPv4 nor IPv6");
    }
}

std::string SocketAddress::host() const {
    if (family() == AF_UNIX) {
        const auto* un = reinterpret_cast<const sockaddr_un*>(&storage_);
        return std::string(un->sun_path, strnlen(un->sun_path, sizeof(un->sun_path)));
    }
    if (family() != AF_INET && family() != AF_INET6) return "(no address)";
    char text[NI_MAXHOST];
    int rc = getnameinfo(data(), size_, text, sizeof(text), nullptr, 0, NI_NUMERICHOST);
    if (rc != 0) throw resolve_error(rc);
    return text;
}

std::string SocketAddress::to_string() const {
    if (port() == 0) return host();
    std::string port_text = ":" + std::to_string(port());
    if (family() == AF_INET6) return "[" + host() + "]" + port_text;
    return host() + port_text;
}

bool SocketAddress::operator==(const SocketAddress& other) const noexcept {
    if (family() != other.family()) return false;
    if (family() == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&storage_);
        const auto* b = reinterpret_cast<const sockaddr_in*>(&other.storage_);
        return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
    }
    if (family() == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&storage_);
        const auto* b = reinterpret_cast<const sockaddr_in6*>(&other.storage_);
        return std::memcmp(&a->sin6_addr, &b->sin6_addr, sizeof(a->sin6_addr)) == 0 &&
               a->sin6_port == b->sin6_port && a->sin6_scope_id == b->sin6_scope_id;
    }
    return size_ == other.size_ && std::memcmp(&storage_, &other.storage_, size_) == 0;
}

bool SocketAddress::same_host(const SocketAddress& other) const noexcept {
    if (family() != other.family()) return false;
    if (family() == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&storage_);
        const auto* b = reinterpret_cast<const sockaddr_in*>(&other.storage_);
        return a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
    if (family() == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&storage_);
        const auto* b = reinterpret_cast<const sockaddr_in6*>(&other.storage_);
        return std::memcmp(&a->sin6_addr, &b->sin6_addr, sizeof(a->sin6_addr)) == 0;
    }
    return false;
}

std::optional<SocketAddress> SocketAddress::parse_numeric(std::string_view host,
                                                          std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_NUMERICHOST;  // never a DNS query, even for a name
    AddrInfoList list;
    if (getaddrinfo(std::string(host).c_str(), nullptr, &hints, &list.head) != 0) {
        return std::nullopt;
    }
    SocketAddress addr(list.head->ai_addr, list.head->ai_addrlen);
    addr.set_port(port);
    return addr;
}

SocketAddress SocketAddress::from_bytes(int family, std::span<const std::byte> address,
                                        std::uint16_t port) {
    if (family == AF_INET && address.size() == sizeof(in_addr)) {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        std::memcpy(&sin.sin_addr, address.data(), address.size());
        return {reinterpret_cast<const sockaddr*>(&sin), sizeof sin};
    }
    if (family == AF_INET6 && address.size() == sizeof(in6_addr)) {
        sockaddr_in6 sin6{};
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons(port);
        std::memcpy(&sin6.sin6_addr, address.data(), address.size());
        return {reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6};
    }
    throw std::invalid_argument("SocketAddress::from_bytes: " + std::to_string(address.size()) +
                                " address bytes for family " + std::to_string(family));
}

ResolveError::ResolveError(int code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

std::vector<SocketAddress> resolve(std::string_view host, int family, int socktype) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    AddrInfoList list;
    int rc = getaddrinfo(std::string(host).c_str(), nullptr, &hints, &list.head);
    if (rc != 0) throw resolve_error(rc);

    // With socktype 0 each address comes once per socket type; keep the first of each.
    std::vector<SocketAddress> addresses;
    for (const addrinfo* ai = list.head; ai != nullptr; ai = ai->ai_next) {
        SocketAddress addr(ai->ai_addr, ai->ai_addrlen);
        if (std::find(addresses.begin(), addresses.end(), addr) == addresses.end()) {
            addresses.push_back(addr);
        }
    }
    return addresses;
}

std::string reverse_name(const SocketAddress& addr) {
    char name[NI_MAXHOST];
    if (getnameinfo(addr.data(), addr.size(), name, sizeof(name), nullptr, 0, NI_NAMEREQD) == 0) {
        return name;
    }
    return addr.host();
}

}  // namespace np
