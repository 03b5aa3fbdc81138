#include "tftp_options.hpp"

#include <strings.h>

#include <charconv>

#include "np/error.hpp"

namespace tftp {

namespace {

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A whole decimal number, or nullopt: "12x", "", "-1" and overflow are all not numbers.
std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<std::string> find_option(const Options& options, std::string_view name) {
    for (const auto& [key, value] : options) {
        if (same_name(key, name)) return value;
    }
    return std::nullopt;
}

Negotiation negotiate(const Request& request, const TransferSettings& defaults,
                      std::optional<std::uint64_t> file_size) {
    Negotiation result{defaults, {}};
    for (const auto& [name, text] : request.options) {
        const auto value = number(text);
        if (!value) continue;
        if (same_name(name, "blksize") && *value >= kMinBlockSize) {
            result.settings.block_size = std::min<std::uint64_t>(*value, kMaxBlockSize);
            result.accepted.emplace_back("blksize", std::to_string(result.settings.block_size));
        } else if (same_name(name, "timeout") && *value >= 1 && *value <= 255) {
            result.settings.timeout = std::chrono::seconds(*value);
            result.accepted.emplace_back("timeout", text);
        } else if (same_name(name, "tsize")) {
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

void apply_option_ack(const Options& requested, const Options& acknowledged,
                      TransferSettings& settings) {
    for (const auto& [name, text] : acknowledged) {
        const auto asked = find_option(requested, name);
        if (!asked) throw np::ParseError("the server acknowledged option '" + name + "' unasked");
        const auto value = number(text);
        if (!value) throw np::ParseError("option " + name + " has a bad value '" + text + "'");
        if (same_name(name, "blksize")) {
            const auto limit = number(*asked).value_or(kMaxBlockSize);
            if (*value < kMinBlockSize || *value > limit) {
                throw np::ParseError("the server offered blksize " + text);
            }
            settings.block_size = *value;
        } else if (same_name(name, "timeout")) {
            if (*value < 1 || *value > 255) throw np::ParseError("bad timeout " + text);
            settings.timeout = std::chrono::seconds(*value);
        } else if (same_name(name, "tsize")) {
            settings.transfer_size = *value;
        }
    }
}

}  // namespace tftp
