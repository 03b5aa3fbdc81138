#pragma once
// openlog / syslog / closelog with the semantics of the C library's (see syslog(3)), but
// whose log socket can be chosen: a program, or a test, can log to its own np-syslogd.
//
// The options and facilities are <syslog.h>'s: LOG_PID, LOG_CONS, LOG_NDELAY, LOG_PERROR,
// LOG_USER, LOG_LOCAL0, ... Each message is one datagram on a Unix datagram socket, in the
// bytes glibc sends to /dev/log:
//
//   <PRI>Mmm dd hh:mm:ss IDENT[PID]: MESSAGE      ("IDENT: MESSAGE" without LOG_PID)
//
// No hostname (the receiving syslogd adds its own) and no newline. Like glibc's, the
// socket is blocking: when the daemon falls behind, syslog() waits rather than lose the
// message; if nobody listens, the message is dropped (or written to the console, LOG_CONS).

#include <sys/types.h>
#include <syslog.h>

#include <cstdarg>
#include <ctime>
#include <string>
#include <string_view>

namespace np {

// ident: the tag of every message (nullptr: keep the current one, the program's name at
// first). Unlike the C API's, the text is copied. option: LOG_PID, LOG_CONS, LOG_NDELAY
// (connect now, not at the first message), LOG_PERROR (each message on stderr as well).
// facility: used for messages whose priority names none. As in glibc, any value without
// bits outside LOG_FACMASK is taken, 0 (LOG_KERN) included.
void openlog(const char* ident, int option, int facility);

// Formats like printf, plus %m: the text of strerror(errno) for errno as it was on entry.
// priority: a severity (LOG_ERR), optionally or-ed with a facility (LOG_MAIL | LOG_ERR).
void syslog(int priority, const char* format, ...) __attribute__((format(printf, 2, 3)));
void vsyslog(int priority, const char* format, va_list args) __attribute__((format(printf, 2, 0)));

// Closes the socket and forgets the ident; the option and facility stay, as in glibc.
void closelog();

// Severities to log, as a mask of LOG_MASK(severity) bits; returns the previous mask. 0
// leaves the mask unchanged.
int setlogmask(int mask);

// The socket messages go to: "/dev/log" unless set. Takes effect at the next connection
// (closelog() forces one).
void set_log_socket(std::string path);

// --- the pure parts, unit-tested ---------------------------------------------------------

// `format` with each "%m" replaced by strerror(error) ("%%m" is a literal "%m": left alone
// for printf to turn into "%m").
std::string expand_errno(std::string_view format, int error);

// The datagram: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT", or "IDENT: TEXT" part when
// pid is 0. `priority` complete (facility | severity).
std::string format_local_message(int priority, const std::tm& local_time, std::string_view ident,
                                 pid_t pid, std::string_view text);

// What LOG_PERROR writes on stderr: "IDENT[PID]: TEXT" and a newline unless TEXT ends in one.
std::string format_stderr_line(std::string_view ident, pid_t pid, std::string_view text);

}  // namespace np
