#include "bpf_program.hpp"

#include <pcap/pcap.h>

#include <memory>
#include <sstream>
#include <stdexcept>

#include "np/error.hpp"
#include "np/numbers.hpp"
#include "packet_printer.hpp"

namespace datalink {

BpfProgram compile_filter(const std::string& expression, std::uint32_t snaplen) {
    std::unique_ptr<pcap_t, decltype(&pcap_close)> dead(
        pcap_open_dead(kLinkTypeEthernet, static_cast<int>(snaplen)), &pcap_close);
    if (!dead) throw std::runtime_error("pcap_open_dead failed");
    bpf_program compiled{};
    if (pcap_compile(dead.get(), &compiled, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
        throw std::runtime_error(std::string("bad filter '") + expression +
                                 "': " + pcap_geterr(dead.get()));
    }
    BpfProgram program;
    for (unsigned i = 0; i < compiled.bf_len; ++i) {
        const bpf_insn& insn = compiled.bf_insns[i];
        program.push_back(sock_filter{insn.code, insn.jt, insn.jf, insn.k});
    }
    pcap_freecode(&compiled);
    return program;
}

BpfProgram parse_program(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    std::size_t line_number = 0;
    auto next_line = [&]() -> std::string {
        while (std::getline(in, line)) {
            ++line_number;
            if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
        }
        throw np::ParseError("line " + std::to_string(line_number + 1) + ": missing instruction");
    };
    auto number = [&](const std::string& word, std::uint64_t max) {
        try {
            return np::parse_number<std::uint64_t>(word, 0, max, "value");
        } catch (const np::UsageError& e) {
            throw np::ParseError("line " + std::to_string(line_number) + ": " + e.what());
        }
    };
    std::istringstream first(next_line());
    std::string word;
    first >> word;
    const auto count = number(word, BPF_MAXINSNS);
    if (count == 0) throw np::ParseError("line 1: a program has at least one instruction");
    BpfProgram program;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::istringstream fields(next_line());
        std::string code, jt, jf, k, extra;
        if (!(fields >> code >> jt >> jf >> k) || (fields >> extra)) {
            throw np::ParseError("line " + std::to_string(line_number) +
                                 ": expected 'code jt jf k'");
        }
        program.push_back(sock_filter{static_cast<std::uint16_t>(number(code, 0xffff)),
                                      static_cast<std::uint8_t>(number(jt, 0xff)),
                                      static_cast<std::uint8_t>(number(jf, 0xff)),
                                      static_cast<std::uint32_t>(number(k, 0xffffffff))});
    }
    return program;
}

std::string program_text(const BpfProgram& program) {
    std::string text = std::to_string(program.size()) + "\n";
    for (const auto& insn : program) {
        text += std::to_string(insn.code) + " " + std::to_string(insn.jt) + " " +
                std::to_string(insn.jf) + " " + std::to_string(insn.k) + "\n";
    }
    return text;
}

}  // namespace datalink
