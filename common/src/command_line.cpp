#include "np/command_line.hpp"

#include <algorithm>

#include "np/error.hpp"

namespace np {

namespace {

bool contains(std::string_view letters, char letter) {
    return letters.find(letter) != std::string_view::npos;
}

// "--name" or "--name=value"; a value the option needs may also be the next argument.
void read_long_option(const std::vector<std::string>& args, std::size_t& i,
                      const OptionSyntax& syntax,
                      const std::function<void(char, std::string_view)>& apply) {
    const std::string_view arg = std::string_view(args[i]).substr(2);
    const std::size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    const auto option = std::find_if(syntax.long_options.begin(), syntax.long_options.end(),
                                     [&](const LongOption& o) { return o.name == name; });
    if (option == syntax.long_options.end()) {
        throw UsageError("unrecognized option '" + args[i] + "'");
    }
    const std::string shown = "--" + std::string(name);
    if (!option->takes_value) {
        if (equals != std::string_view::npos) {
            throw UsageError("option '" + shown + "' doesn't allow an argument");
        }
        apply(option->letter, {});
    } else if (equals != std::string_view::npos) {
        apply(option->letter, arg.substr(equals + 1));
    } else if (i + 1 < args.size()) {
        apply(option->letter, args[++i]);
    } else {
        throw UsageError("option '" + shown + "' requires an argument");
    }
}

// "-abc" or "-cVALUE"; a letter that takes a value ends the cluster.
void read_short_options(const std::vector<std::string>& args, std::size_t& i,
                        const OptionSyntax& syntax,
                        const std::function<void(char, std::string_view)>& apply) {
    const std::string& arg = args[i];
    for (std::size_t j = 1; j < arg.size(); ++j) {
        const char letter = arg[j];
        if (contains(syntax.flags, letter)) {
            apply(letter, {});
        } else if (contains(syntax.with_value, letter)) {
            if (j + 1 < arg.size()) {
                apply(letter, std::string_view(arg).substr(j + 1));
            } else if (i + 1 < args.size()) {
                apply(letter, args[++i]);
            } else {
                throw UsageError(std::string("option requires an argument -- '") + letter + "'");
            }
            return;
        } else {
            throw UsageError(std::string("invalid option -- '") + letter + "'");
        }
    }
}

}  // namespace

std::vector<std::string> read_command_line(
    const std::vector<std::string>& args, const OptionSyntax& syntax,
    const std::function<void(char letter, std::string_view value)>& apply) {
    std::vector<std::string> operands;
    bool options_ended = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_ended || arg.size() < 2 || arg[0] != '-') {
            operands.push_back(arg);  // "-" alone is an operand too (standard input, say)
        } else if (arg == "--") {
            options_ended = true;
        } else if (arg.starts_with("--")) {
            read_long_option(args, i, syntax, apply);
        } else {
            read_short_options(args, i, syntax, apply);
        }
    }
    return operands;
}

}  // namespace np
