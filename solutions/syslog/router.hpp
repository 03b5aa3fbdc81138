#pragma once
// Where messages go: the rules of syslog.conf, each with its destination opened.
//
// A file is opened once however many rules name it, in append mode (several writers, and
// logrotate's copytruncate, need O_APPEND). Lines of a "-/path" file are kept in memory
// and written when the daemon has nothing left to read (flush()), which is what makes a
// busy syslogd fast; the others are written, and synced to disk, one by one: they survive
// a crash right after the message.

#include <sys/socket.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "message.hpp"
#include "np/address.hpp"
#include "np/fd.hpp"
#include "syslog_conf.hpp"

namespace syslogd {

// One destination.
class Sink {
public:
    virtual ~Sink() = default;
    // `line` is format_file_line(message).
    virtual void write(const Message& message, const std::string& line) = 0;
    virtual void flush() {}
    // Closes and opens again (SIGHUP): a renamed file is left alone, a new one created.
    virtual void reopen() {}
};

class Router {
public:
    Router() = default;
    // Opens every rule's destination. A destination that cannot be had (a file in a
    // missing directory, a host that does not resolve) is not fatal: the rule is kept
    // without it and the problem noted for take_problems().
    explicit Router(const std::vector<Rule>& rules);

    // Hands the message to the sink of every rule whose selector takes its priority.
    void route(const Message& message);

    void flush();
    // Reopens every file (a file that cannot be reopened is noted for take_problems()).
    void reopen();

    // What went wrong opening destinations since the last call, for the daemon's log.
    std::vector<std::string> take_problems();

    // How many rules there are (for messages).
    std::size_t rule_count() const { return rules_.size(); }

private:
    struct Route {
        Selector selector;
        Sink* sink;  // owned by sinks_; nullptr if it could not be opened
    };
    std::vector<Route> rules_;
    std::vector<std::string> problems_;
    std::map<std::string, std::unique_ptr<Sink>> sinks_;  // by path or "@host:port"
};

}  // namespace syslogd
