#pragma once
// Reading a command line the way getopt(3) does, so that every tool takes its options like
// the real tool it imitates: "-c 3" and "-c3", clusters such as "-nq" (an option that takes
// a value ends its cluster), operands anywhere, "--" ending the options, and long options
// ("--help", "--skip=a,b" or "--skip a,b") mapped to a letter. Mistakes throw
// np::UsageError in getopt's words: "invalid option -- 'x'".

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace np {

// A long option and the letter it stands for. The letter need not be accepted on its own:
// only those listed in OptionSyntax's flags and with_value are.
struct LongOption {
    std::string_view name;  // without the leading "--"
    char letter;
    bool takes_value = false;
};

struct OptionSyntax {
    std::string_view flags;       // letters that stand alone: "46hnqv"
    std::string_view with_value;  // letters that take a value: "ciIstWw"
    std::vector<LongOption> long_options = {{"help", 'h'}};
};

// Calls apply(letter, value) for each option in order (value empty for a flag) and returns
// the operands in order. `args` is argv without the program's name.
std::vector<std::string> read_command_line(
    const std::vector<std::string>& args, const OptionSyntax& syntax,
    const std::function<void(char letter, std::string_view value)>& apply);

}  // namespace np
