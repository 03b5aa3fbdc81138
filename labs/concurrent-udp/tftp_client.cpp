#include "tftp_client.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "block_stream.hpp"
#include "np/address.hpp"
#include "np/check.hpp"
#include "np/error.hpp"
#include "np/log.hpp"
#include "tftp_options.hpp"
#include "transfer.hpp"

namespace tftp {

namespace {

// The local file of a get: written under a temporary name beside it and renamed only
// when the whole file has arrived, so a failed get leaves LOCAL as it was.
class LocalDownload {
public:
    explicit LocalDownload(const std::string& path) : path_(path) {
        const auto slash = path.rfind('/');
        const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
        const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
        temporary_ = dir + "." + base + ".XXXXXX";
        file_ = np::Fd(np::check(::mkstemp(temporary_.data()), temporary_));
        ::fchmod(file_.get(), 0644);
    }
    ~LocalDownload() {
        if (!committed_) ::unlink(temporary_.c_str());
    }
    np::Fd take_file() { return std::move(file_); }
    void commit() {
        np::check(::rename(temporary_.c_str(), path_.c_str()), "rename to " + path_);
        committed_ = true;
    }

private:
    std::string path_;
    std::string temporary_;
    np::Fd file_;
    bool committed_ = false;
};

Options requested_options(const ClientOptions& options, std::optional<std::uint64_t> size) {
    Options requested;
    if (!options.block_size) return requested;
    requested.emplace_back("blksize", std::to_string(*options.block_size));
    // tsize: the size of the file in octet mode (0 in a read request: "tell me").
    if (options.mode == "octet") requested.emplace_back("tsize", std::to_string(size.value_or(0)));
    return requested;
}

// Applies the server's OACK, refusing (ERROR 8) one we cannot accept.
void accept_options(Conversation& conversation, const Options& requested, const OptionAck& oack,
                    TransferSettings& settings) {
    try {
        apply_option_ack(requested, oack.options, settings);
    } catch (const np::ParseError& e) {
        conversation.send_error(ErrorCode::kOptionRefused, e.what());
        throw std::runtime_error(std::string("option negotiation refused: ") + e.what());
    }
}

void get(const ClientOptions& options, Conversation& conversation) {
    LocalDownload download(options.local);
    BlockSink sink(download.take_file(), options.mode == "netascii");
    const Options requested = requested_options(options, std::nullopt);
    conversation.send(encode(Request{Opcode::kRrq, options.remote, options.mode, requested}));
    // The first answer: DATA 1 (no options, or the server ignored them), or an OACK.
    Packet reply = conversation.await([&](const Packet& packet) {
        const auto* data = std::get_if<Data>(&packet);
        if (data) return data->block == 1 ? Verdict::kTake : Verdict::kIgnore;
        return std::holds_alternative<OptionAck>(packet) && !requested.empty() ? Verdict::kTake
                                                                               : Verdict::kIgnore;
    });
    TransferSettings settings;
    settings.timeout = options.timeout;
    std::optional<Data> first;
    if (const auto* oack = std::get_if<OptionAck>(&reply)) {
        accept_options(conversation, requested, *oack, settings);
        conversation.send(encode(Ack{0}));
    } else {
        first = std::get<Data>(std::move(reply));
    }
    receive_blocks(conversation, sink, settings.block_size, std::move(first));
    download.commit();
}

void put(const ClientOptions& options, Conversation& conversation) {
    np::Fd file(np::check(::open(options.local.c_str(), O_RDONLY | O_CLOEXEC), options.local));
    struct stat info {};
    np::check(::fstat(file.get(), &info), options.local);
    BlockSource source(std::move(file), options.mode == "netascii");
    const Options requested = requested_options(options, static_cast<std::uint64_t>(info.st_size));
    conversation.send(encode(Request{Opcode::kWrq, options.remote, options.mode, requested}));
    Packet reply = conversation.await([&](const Packet& packet) {
        const auto* ack = std::get_if<Ack>(&packet);
        if (ack) return ack->block == 0 ? Verdict::kTake : Verdict::kIgnore;
        return std::holds_alternative<OptionAck>(packet) && !requested.empty() ? Verdict::kTake
                                                                               : Verdict::kIgnore;
    });
    TransferSettings settings;
    settings.timeout = options.timeout;
    if (const auto* oack = std::get_if<OptionAck>(&reply)) {
        accept_options(conversation, requested, *oack, settings);
    }
    send_blocks(conversation, source, settings.block_size);
}

}  // namespace

int run_client(const ClientOptions& options) {
    np::SocketAddress server;
    try {
        server = np::resolve(options.host, options.family, SOCK_DGRAM).front();
    } catch (const np::ResolveError& e) {
        np::warn(options.host + ": " + e.what());
        return 1;
    }
    server.set_port(options.port);
    const std::string what = (options.put ? "put " : "get ") + options.remote;
    try {
        np::Fd socket(np::check(::socket(server.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
        // peer_fixed false: the server answers from a new port, its TID for the transfer.
        Conversation conversation(std::move(socket), server, false, options.timeout,
                                  options.max_retries);
        try {
            options.put ? put(options, conversation) : get(options, conversation);
        } catch (const TransferError& e) {
            conversation.send_error(e.code, e.what());
            throw;
        }
        np::debug(what + ": done");
        return 0;
    } catch (const PeerError& e) {
        np::warn(what + ": server error " + std::to_string(static_cast<int>(e.error.code)) + ": " +
                 e.error.message);
    } catch (const TransferTimeout& e) {
        np::warn(what + ": transfer timed out (" + e.what() + ")");
    } catch (const std::exception& e) {
        np::warn(what + ": " + e.what());
    }
    return 1;
}

}  // namespace tftp
