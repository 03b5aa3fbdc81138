/* The reference client of the syslog lab's graded tests: glibc's own syslog(3).
 *
 *   syslog_glibc_client [-t IDENT] [-o OPTIONS] [-f FACILITY] [-e ERRNO] [-c COUNT]
 *                       PRIORITY MESSAGE
 *
 * OPTIONS: letters p (LOG_PID), c (LOG_CONS), n (LOG_NDELAY), e (LOG_PERROR). FACILITY
 * and PRIORITY are numbers as <syslog.h> has them (LOG_LOCAL3 = 152, LOG_MAIL|LOG_ERR =
 * 19). Without -t/-o/-f, openlog is not called. MESSAGE is passed as the format (the tests
 * control it), after errno is set to ERRNO (for %m). With -c, COUNT messages
 * "MESSAGE N" are sent, N from 0, blocking as glibc does when the daemon lags.
 *
 * glibc writes to /dev/log: the test runs this in a private mount namespace where
 * /dev/log is the daemon's socket. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *ident = NULL;
    int options = 0, facility = LOG_USER, call_openlog = 0, error = 0;
    long count = -1;
    int opt;
    while ((opt = getopt(argc, argv, "t:o:f:e:c:")) != -1) {
        switch (opt) {
            case 't':
                ident = optarg;
                call_openlog = 1;
                break;
            case 'o':
                call_openlog = 1;
                for (const char *c = optarg; *c; ++c) {
                    if (*c == 'p') options |= LOG_PID;
                    if (*c == 'c') options |= LOG_CONS;
                    if (*c == 'n') options |= LOG_NDELAY;
                    if (*c == 'e') options |= LOG_PERROR;
                }
                break;
            case 'f':
                facility = atoi(optarg);
                call_openlog = 1;
                break;
            case 'e':
                error = atoi(optarg);
                break;
            case 'c':
                count = atol(optarg);
                break;
            default:
                return 2;
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, "usage: %s [-t IDENT] [-o pcne] [-f FAC] [-e ERRNO] [-c N] PRI MSG\n",
                argv[0]);
        return 2;
    }
    const int priority = atoi(argv[optind]);
    const char *message = argv[optind + 1];
    if (call_openlog) openlog(ident, options, facility);
    if (count < 0) {
        errno = error;
        syslog(priority, message);
    } else {
        for (long i = 0; i < count; ++i) syslog(priority, "%s %ld", message, i);
    }
    closelog();
    return 0;
}
