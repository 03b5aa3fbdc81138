#include "httpd_options.hpp"

#include <cmath>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"

namespace eventloop {

HttpdOptions parse_httpd_options(const std::vector<std::string>& args) {
    HttpdOptions options;
    const np::OptionSyntax syntax{"hvR",
                                  "prwt",
                                  {{"help", 'h'},
                                   {"port", 'p', true},
                                   {"root", 'r', true},
                                   {"workers", 'w', true},
                                   {"reuseport", 'R'}}};
    const auto operands =
        np::read_command_line(args, syntax, [&](char letter, std::string_view value) {
            switch (letter) {
                case 'h':
                    options.help = true;
                    break;
                case 'v':
                    options.verbose = true;
                    break;
                case 'R':
                    options.reuse_port = true;
                    break;
                case 'p':
                    options.port = np::parse_number<std::uint16_t>(value, 0, 65535, "port");
                    break;
                case 'r':
                    options.root = std::string(value);
                    break;
                case 'w':
                    options.workers = np::parse_number<int>(value, 1, 64, "worker count");
                    break;
                case 't': {
                    const double seconds = np::parse_decimal(value, 0.001, 86400, "idle timeout");
                    options.idle_timeout = std::chrono::milliseconds(std::llround(seconds * 1000));
                    break;
                }
            }
        });
    if (options.help) return options;
    if (!operands.empty()) throw np::UsageError("unexpected argument: '" + operands.front() + "'");
    if (options.root.empty()) throw np::UsageError("a document root is required (-r ROOT)");
    return options;
}

std::string httpd_usage() {
    return "Usage: np-httpd -r ROOT [-p PORT] [-w WORKERS] [--reuseport] [-t SECONDS] [-v]\n"
           "A small HTTP/1.1 server: GET and HEAD of the files under ROOT.\n"
           "  -r, --root DIR       the document root\n"
           "  -p, --port PORT      port to listen on, IPv4 and IPv6 (default 80; 0: any)\n"
           "  -w, --workers N      worker processes sharing the listening socket (default 1)\n"
           "  -R, --reuseport      with -w: one SO_REUSEPORT socket per worker instead\n"
           "  -t SECONDS           close keep-alive connections idle this long (default 15)\n"
           "  -v                   log bad requests on stderr\n"
           "  -h, --help           this help\n"
           "Prints 'listening on port N' once ready. SIGTERM: finish the responses in flight,\n"
           "then exit.\n";
}

}  // namespace eventloop
