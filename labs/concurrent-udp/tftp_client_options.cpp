// np-tftp's command line.

#include <netinet/in.h>

#include <cmath>

#include "np/command_line.hpp"
#include "np/error.hpp"
#include "np/numbers.hpp"
#include "tftp_client.hpp"
#include "tftp_options.hpp"

namespace tftp {

namespace {

std::string last_component(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string client_usage() {
    return "Usage: np-tftp [-4|-6] [-m octet|netascii] [-b blksize] [-p port] [-t sec] [-v]\n"
           "              HOST get REMOTE [LOCAL]\n"
           "       np-tftp [options] HOST put LOCAL [REMOTE]\n"
           "Transfers one file with a TFTP server. Exit status 0 only when the whole file\n"
           "went across, 1 when the transfer failed, 2 for a bad command line.\n"
           "  -m MODE     octet (default) or netascii (text: CR LF line ends on the wire)\n"
           "  -b BLKSIZE  ask for blocks of BLKSIZE bytes (8-65464), and for tsize\n"
           "  -p PORT     the server's port (default 69)\n"
           "  -t SEC      wait SEC seconds before a retransmission (default 1)\n"
           "  -v          tell what happens on stderr\n";
}

ClientOptions parse_client_options(const std::vector<std::string>& args) {
    ClientOptions options;
    const np::OptionSyntax syntax{"46vh", "mbpt", {{"help", 'h'}}};
    const auto operands = np::read_command_line(args, syntax, [&](char c, std::string_view v) {
        switch (c) {
            case '4':
                options.family = AF_INET;
                break;
            case '6':
                options.family = AF_INET6;
                break;
            case 'v':
                options.verbose = true;
                break;
            case 'h':
                options.help = true;
                break;
            case 'm':
                if (v == "binary") v = "octet";  // tftp-hpa's name for it
                if (v != "octet" && v != "netascii") {
                    throw np::UsageError("unknown mode: '" + std::string(v) + "'");
                }
                options.mode = v;
                break;
            case 'b':
                options.block_size =
                    np::parse_number<std::size_t>(v, kMinBlockSize, kMaxBlockSize, "blksize");
                break;
            case 'p':
                options.port = np::parse_number<std::uint16_t>(v, 1, 65535, "port");
                break;
            case 't':
                options.timeout = std::chrono::milliseconds(
                    std::llround(np::parse_decimal(v, 0.01, 255, "timeout") * 1000));
                break;
        }
    });
    if (options.help) return options;
    if (operands.size() < 3 || operands.size() > 4) {
        throw np::UsageError("expected HOST get REMOTE [LOCAL] or HOST put LOCAL [REMOTE]");
    }
    options.host = operands[0];
    if (operands[1] == "get") {
        options.remote = operands[2];
        options.local = operands.size() == 4 ? operands[3] : last_component(operands[2]);
    } else if (operands[1] == "put") {
        options.put = true;
        options.local = operands[2];
        options.remote = operands.size() == 4 ? operands[3] : last_component(operands[2]);
    } else {
        throw np::UsageError("unknown command '" + operands[1] + "' (get or put)");
    }
    return options;
}

}  // namespace tftp
