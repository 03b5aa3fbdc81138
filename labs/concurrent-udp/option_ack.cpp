#include "np/error.hpp"
#include "tftp_options.hpp"

namespace tftp {

void apply_option_ack(const Options& requested, const Options& acknowledged,
                      TransferSettings& settings) {
    for (const auto& [name, text] : acknowledged) {
        const auto asked = find_option(requested, name);
        if (!asked) throw np::ParseError("the server acknowledged option '" + name + "' unasked");
        const auto value = option_number(text);
        if (!value) throw np::ParseError("option " + name + " has a bad value '" + text + "'");
        if (same_option_name(name, "blksize")) {
            const auto limit = option_number(*asked).value_or(kMaxBlockSize);
            if (*value < kMinBlockSize || *value > limit) {
                throw np::ParseError("the server offered blksize " + text);
            }
            settings.block_size = *value;
        } else if (same_option_name(name, "timeout")) {
            if (*value < 1 || *value > 255) throw np::ParseError("bad timeout " + text);
            settings.timeout = std::chrono::seconds(*value);
        } else if (same_option_name(name, "tsize")) {
            settings.transfer_size = *value;
        }
    }
}

}  // namespace tftp
