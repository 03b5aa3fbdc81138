#include "tftp_packet.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "np/bytes.hpp"
#include "np/error.hpp"

namespace tftp {

namespace {

std::string lower(std::string_view text) {
    std::string result(text);
    std::ranges::transform(result, result.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

// Sizes the buffer for the packet, so the writer's bounds never trip on our own output.
class Builder {
public:
    explicit Builder(std::size_t capacity) : buffer_(capacity), writer_(buffer_) {}
    np::ByteWriter& out() { return writer_; }
    void string(std::string_view text) {
        writer_.bytes(np::as_bytes(text));
        writer_.u8(0);
    }
    std::vector<std::byte> take() {
        buffer_.resize(writer_.size());
        return std::move(buffer_);
    }

private:
    std::vector<std::byte> buffer_;
    np::ByteWriter writer_;
};

std::size_t options_size(const Options& options) {
    std::size_t size = 0;
    for (const auto& [name, value] : options) size += name.size() + value.size() + 2;
    return size;
}

void write_options(Builder& builder, const Options& options) {
    for (const auto& [name, value] : options) {
        builder.string(name);
        builder.string(value);
    }
}

// A NUL-terminated string; a missing NUL is a malformed packet, not the end of the data.
std::string read_string(np::ByteReader& in, std::string_view what) {
    const auto rest = in.rest();
    const auto nul = std::ranges::find(rest, std::byte{0});
    if (nul == rest.end()) throw np::ParseError(std::string(what) + " is not NUL-terminated");
    const auto length = static_cast<std::size_t>(nul - rest.begin());
    const auto bytes = in.bytes(length);
    in.skip(1);
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Options read_options(np::ByteReader& in) {
    Options options;
    while (in.remaining() > 0) {
        std::string name = read_string(in, "an option name");
        if (name.empty()) throw np::ParseError("an empty option name");
        std::string value = read_string(in, "the value of option " + name);
        options.emplace_back(std::move(name), std::move(value));
    }
    return options;
}

void expect_end(const np::ByteReader& in, std::string_view what) {
    if (in.remaining() != 0) throw np::ParseError(std::string(what) + " has trailing bytes");
}

}  // namespace

std::vector<std::byte> encode(const Request& request) {
    Builder builder(2 + request.filename.size() + request.mode.size() + 2 +
                    options_size(request.options));
    builder.out().u16(static_cast<std::uint16_t>(request.opcode));
    builder.string(request.filename);
    builder.string(request.mode);
    write_options(builder, request.options);
    return builder.take();
}

std::vector<std::byte> encode(const Data& data) {
    Builder builder(4 + data.payload.size());
    builder.out().u16(static_cast<std::uint16_t>(Opcode::kData));
    builder.out().u16(data.block);
    builder.out().bytes(data.payload);
    return builder.take();
}

std::vector<std::byte> encode(const Ack& ack) {
    Builder builder(4);
    builder.out().u16(static_cast<std::uint16_t>(Opcode::kAck));
    builder.out().u16(ack.block);
    return builder.take();
}

std::vector<std::byte> encode(const Error& error) {
    Builder builder(4 + error.message.size() + 1);
    builder.out().u16(static_cast<std::uint16_t>(Opcode::kError));
    builder.out().u16(static_cast<std::uint16_t>(error.code));
    builder.string(error.message);
    return builder.take();
}

std::vector<std::byte> encode(const OptionAck& oack) {
    Builder builder(2 + options_size(oack.options));
    builder.out().u16(static_cast<std::uint16_t>(Opcode::kOack));
    write_options(builder, oack.options);
    return builder.take();
}

Packet decode(std::span<const std::byte> datagram) {
    np::ByteReader in(datagram);
    const std::uint16_t opcode = in.u16();
    switch (static_cast<Opcode>(opcode)) {
        case Opcode::kRrq:
        case Opcode::kWrq: {
            Request request;
            request.opcode = static_cast<Opcode>(opcode);
            request.filename = read_string(in, "the filename");
            request.mode = lower(read_string(in, "the mode"));
            if (request.mode != "octet" && request.mode != "netascii" && request.mode != "mail") {
                throw np::ParseError("unknown mode '" + request.mode + "'");
            }
            request.options = read_options(in);
            return request;
        }
        case Opcode::kData: {
            Data data;
            data.block = in.u16();
            const auto payload = in.rest();
            data.payload.assign(payload.begin(), payload.end());
            return data;
        }
        case Opcode::kAck: {
            Ack ack{in.u16()};
            expect_end(in, "an ACK");
            return ack;
        }
        case Opcode::kError: {
            Error error;
            error.code = static_cast<ErrorCode>(in.u16());
            error.message = read_string(in, "the error message");
            return error;
        }
        case Opcode::kOack:
            return OptionAck{read_options(in)};
    }
    throw np::ParseError("unknown opcode " + std::to_string(opcode));
}

}  // namespace tftp
