#include "tftp_options.hpp"

#include <algorithm>
#include <string>

namespace tftp {

Negotiation negotiate(const Request& request, const TransferSettings& defaults,
                      std::optional<std::uint64_t> file_size) {
    Negotiation result{defaults, {}};
    for (const auto& [name, text] : request.options) {
        const auto value = option_number(text);
        if (!value) continue;
        if (same_option_name(name, "blksize") && *value >= kMinBlockSize) {
            result.settings.block_size = std::min<std::uint64_t>(*value, kMaxBlockSize);
            result.accepted.emplace_back("blksize", std::to_string(result.settings.block_size));
        } else if (same_option_name(name, "timeout") && *value >= 1 && *value <= 255) {
            result.settings.timeout = std::chrono::seconds(*value);
            result.accepted.emplace_back("timeout", text);
        } else if (same_option_name(name, "tsize")) {
            if (request.opcode == Opcode::kWrq) {
                result.settings.transfer_size = *value;  // the client tells its size
                result.accepted.emplace_back("tsize", std::to_string(*value));
            } else if (file_size) {
                result.settings.transfer_size = *file_size;  // the client asks ours
                result.accepted.emplace_back("tsize", std::to_string(*file_size));
            }
        }
    }
    return result;
}

}  // namespace tftp
