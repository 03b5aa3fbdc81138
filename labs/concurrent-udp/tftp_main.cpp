// np-tftp: gets or puts one file with a TFTP server (RFC 1350, options per RFC 2347-2349).

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "np/error.hpp"
#include "np/log.hpp"
#include "tftp_client.hpp"

int main(int argc, char* argv[]) {
    np::set_program_name(argc > 0 ? argv[0] : "np-tftp");
    try {
        const auto options =
            tftp::parse_client_options(std::vector<std::string>(argv + 1, argv + argc));
        if (options.help) {
            std::fputs(tftp::client_usage().c_str(), stdout);
            return 0;
        }
        np::set_verbose(options.verbose);
        return tftp::run_client(options);
    } catch (const np::UsageError& e) {
        np::warn(e.what());
        np::warn("try 'np-tftp --help'");
        return 2;
    } catch (const std::exception& e) {
        np::warn(e.what());
        return 1;
    }
}
