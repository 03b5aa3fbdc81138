#pragma once
// The connections a server owns, by descriptor, and when they are destroyed. A connection
// usually finishes from inside one of its own handlers (a read failed, its idle timer
// fired): destroying it there would free the object whose method is running. remove()
// only sets it aside; a timer at 0 destroys it after the current round's handlers.

#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "event_loop.hpp"

namespace eventloop {

template <class Connection>
class ConnectionSet {
public:
    explicit ConnectionSet(EventLoop& loop) : loop_(loop) {}
    ~ConnectionSet() {
        if (destroy_timer_ != 0) loop_.cancel(destroy_timer_);
    }
    ConnectionSet(const ConnectionSet&) = delete;
    ConnectionSet& operator=(const ConnectionSet&) = delete;

    // Owns `connection` from now on, under its descriptor `fd`.
    Connection& add(int fd, std::unique_ptr<Connection> connection) {
        return *connections_.insert_or_assign(fd, std::move(connection)).first->second;
    }

    // Forgets the connection of `fd` (nothing if there is none). It is destroyed after the
    // handlers of the current round, so the caller may be one of its own methods.
    void remove(int fd) {
        auto found = connections_.find(fd);
        if (found == connections_.end()) return;
        if (finished_.empty()) {
            destroy_timer_ = loop_.after(np::Clock::duration::zero(), [this] {
                destroy_timer_ = 0;
                finished_.clear();
            });
        }
        finished_.push_back(std::move(found->second));
        connections_.erase(found);
    }

    // Calls `visit` on every connection; `visit` may remove connections, this one or
    // others (the walk goes over a copy of the descriptors).
    void for_each(const std::function<void(Connection&)>& visit) {
        std::vector<int> fds;
        fds.reserve(connections_.size());
        for (const auto& entry : connections_) fds.push_back(entry.first);
        for (int fd : fds) {
            if (auto found = connections_.find(fd); found != connections_.end()) {
                visit(*found->second);
            }
        }
    }

    std::size_t size() const { return connections_.size(); }
    bool empty() const { return connections_.empty(); }

private:
    EventLoop& loop_;
    std::unordered_map<int, std::unique_ptr<Connection>> connections_;
    std::vector<std::unique_ptr<Connection>> finished_;  // removed, destroyed by the timer
    TimerId destroy_timer_ = 0;
};

}  // namespace eventloop
