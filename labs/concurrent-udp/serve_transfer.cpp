#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <system_error>

#include "block_stream.hpp"
#include "np/check.hpp"
#include "np/log.hpp"
#include "tftp_server.hpp"
#include "transfer.hpp"

namespace tftp {

namespace {

// How long the receiver of a WRQ lingers at least after its last ACK.
constexpr std::chrono::milliseconds kMinimumDally{2000};

// A socket for one transfer: the listener's address, a port the kernel picks (our TID).
np::Fd open_transfer_socket(const np::SocketAddress& listener) {
    np::Fd socket(np::check(::socket(listener.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
    if (listener.family() == AF_INET6) {
        const int off = 0;  // a v4-mapped client must be reachable from a "::" listener too
        np::check(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
                  "setsockopt IPV6_V6ONLY");
    }
    np::SocketAddress local = listener;
    local.set_port(0);
    np::check(::bind(socket.get(), local.data(), local.size()), "bind");
    return socket;
}

void send_options_or(Conversation& conversation, const Negotiation& negotiation,
                     std::vector<std::byte> otherwise) {
    if (negotiation.accepted.empty()) {
        conversation.send(std::move(otherwise));
    } else {
        conversation.send(encode(OptionAck{negotiation.accepted}));
    }
}

void serve_read(const Request& request, Conversation& conversation, const ServerContext& context) {
    const bool netascii = request.mode == "netascii";
    std::uint64_t size = 0;
    BlockSource source(context.directory.open_for_reading(request.filename, size), netascii);
    // In netascii the size on the wire is not the size on disk: no tsize then.
    const auto negotiation =
        negotiate(request, context.defaults, netascii ? std::nullopt : std::optional(size));
    conversation.set_timeout(negotiation.settings.timeout);
    if (!negotiation.accepted.empty()) {
        conversation.send(encode(OptionAck{negotiation.accepted}));
        conversation.await([](const Packet& packet) {
            const auto* ack = std::get_if<Ack>(&packet);
            return ack && ack->block == 0 ? Verdict::kTake : Verdict::kIgnore;
        });
    }
    send_blocks(conversation, source, negotiation.settings.block_size);
}

void serve_write(const Request& request, Conversation& conversation, const ServerContext& context) {
    PendingFile pending = context.directory.open_for_writing(request.filename);
    BlockSink sink(pending.take_file(), request.mode == "netascii");
    const auto negotiation = negotiate(request, context.defaults, std::nullopt);
    conversation.set_timeout(negotiation.settings.timeout);
    send_options_or(conversation, negotiation, encode(Ack{0}));
    receive_blocks(conversation, sink, negotiation.settings.block_size, std::nullopt);
    pending.commit();
    // The client may not have our last ACK: stay a while to acknowledge its repeats,
    // long enough for a client whose timer is slower than ours.
    acknowledge_repeats(conversation, std::max<std::chrono::milliseconds>(
                                          negotiation.settings.timeout * 3, kMinimumDally));
}

}  // namespace

void serve_transfer(const Request& request, const np::SocketAddress& client,
                    const ServerContext& context) {
    const std::string what = (request.opcode == Opcode::kRrq ? "RRQ " : "WRQ ") + request.filename +
                             " from " + client.to_string();
    try {
        Conversation conversation(open_transfer_socket(context.local), client, true,
                                  context.defaults.timeout, context.max_retries);
        try {
            if (request.mode == "mail") {
                throw TransferError(ErrorCode::kIllegalOperation, "Mail mode not supported");
            }
            if (request.opcode == Opcode::kRrq) {
                serve_read(request, conversation, context);
            } else {
                serve_write(request, conversation, context);
            }
            np::debug(what + ": done");
        } catch (const TransferError& e) {
            conversation.send_error(e.code, e.what());
            np::debug(what + ": " + e.what());
        } catch (const std::system_error& e) {
            const bool full = e.code() == std::errc::no_space_on_device;
            conversation.send_error(full ? ErrorCode::kDiskFull : ErrorCode::kNotDefined,
                                    full ? error_text(ErrorCode::kDiskFull) : e.what());
            np::warn(what + ": " + e.what());
        }
    } catch (const PeerError& e) {
        np::debug(what + ": the client sent error " +
                  std::to_string(static_cast<int>(e.error.code)) + ": " + e.what());
    } catch (const std::exception& e) {
        np::warn(what + ": " + e.what());  // a timeout, or no socket for the transfer
    }
}

}  // namespace tftp
