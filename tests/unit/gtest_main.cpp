// The main of every unit-test program: GoogleTest's own main, plus a report for the grader.
//
// A graded unit-test program links the student's code, so nothing it prints can be
// trusted: student code can print "[       OK ]" lines, write GoogleTest's JSON file
// itself, or end the program early with a made-up exit status. The grader therefore takes
// outcomes only from the report written here, as JSON lines, on a descriptor it created
// (a pipe whose reading end only the grader holds) and names in NP_UNIT_REPORT_FD:
//
//   {"event":"start","name":"Suite.Name"}
//   {"event":"end","name":"Suite.Name","passed":false,"skipped":false,"failure":"…","seconds":0.002}
//   {"event":"done"}
//
// Each record is written with write(2) as GoogleTest's event happens, nothing buffered, so
// a crash leaves a "start" without its "end", which tells the grader the test that
// crashed. The grader counts a report only when it ends with "done" and the program
// exited normally. Every string is escaped to printable ASCII, so no byte of a failure
// message can break a record or its line.
//
// Without NP_UNIT_REPORT_FD this is GoogleTest's gtest_main, so ctest (gtest_discover_tests
// runs --gtest_list_tests) and a student running the program by hand see nothing new.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace {

constexpr const char* kReportFdVariable = "NP_UNIT_REPORT_FD";
// A test failing in a loop can collect megabytes of messages; the grader shows a dozen
// lines, so the rest is left out here instead of filling the pipe.
constexpr std::size_t kMaxFailureBytes = 8192;

void append_escape(std::string& out, unsigned code) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\u%04x", code);
    out += hex;
}

// The length of the valid UTF-8 sequence at the start of bytes and its code point; 0 when
// the bytes there are not valid UTF-8 (a stray continuation byte, a truncated or overlong
// sequence, a surrogate, or a code point above U+10FFFF).
std::size_t decode_utf8(std::string_view bytes, unsigned& code) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const unsigned lead = byte(0);
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xBF;  // the range the second byte must fall in
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, code = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, code = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // no overlong forms
        if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (bytes.size() < length) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned next = byte(i);
        if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) return 0;
        code = (code << 6) | (next & 0x3F);
    }
    return length;
}

// text as a JSON string literal of printable ASCII only: quotes, backslashes and control
// characters escaped, other characters as \uXXXX (surrogate pairs above U+FFFF), and each
// byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string json_string(std::string_view text) {
    std::string out = "\"";
    while (!text.empty()) {
        const unsigned char c = static_cast<unsigned char>(text.front());
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else if (c < 0x80) {
            append_escape(out, c);  // the other control characters, and DEL
        } else {
            unsigned code = 0;
            const std::size_t length = decode_utf8(text, code);
            if (length == 0) {
                append_escape(out, 0xFFFD);
                text.remove_prefix(1);
                continue;
            }
            if (code > 0xFFFF) {
                code -= 0x10000;
                append_escape(out, 0xD800 + (code >> 10));
                append_escape(out, 0xDC00 + (code & 0x3FF));
            } else {
                append_escape(out, code);
            }
            text.remove_prefix(length);
            continue;
        }
        text.remove_prefix(1);
    }
    out += '"';
    return out;
}

std::string full_name(const testing::TestInfo& test) {
    return std::string(test.test_suite_name()) + "." + test.name();
}

// Every failure (and skip) message of a test, each under the file:line it came from.
std::string failure_text(const testing::TestResult& result) {
    std::string text;
    for (int i = 0; i < result.total_part_count(); ++i) {
        const testing::TestPartResult& part = result.GetTestPartResult(i);
        if (part.type() == testing::TestPartResult::kSuccess) continue;
        if (!text.empty()) text += '\n';
        if (part.file_name() != nullptr) {
            text += part.file_name();
            if (part.line_number() >= 0) text += ":" + std::to_string(part.line_number());
        } else {
            text += "unknown file";
        }
        if (part.skipped()) text += ": skipped";
        text += '\n';
        text += part.message();
        if (text.size() > kMaxFailureBytes) {
            text.resize(kMaxFailureBytes);
            text += "\n[… the rest left out]";
            break;
        }
    }
    return text;
}

class ReportWriter : public testing::EmptyTestEventListener {
public:
    explicit ReportWriter(int fd) : fd_(fd) {}

    void OnTestStart(const testing::TestInfo& test) override {
        write_line(R"({"event":"start","name":)" + json_string(full_name(test)) + "}");
    }

    void OnTestEnd(const testing::TestInfo& test) override {
        const testing::TestResult& result = *test.result();
        // Whole milliseconds, printed without %f: a test that calls setlocale() must not
        // turn the decimal point into a comma.
        const long long milliseconds = result.elapsed_time();
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%lld.%03lld", milliseconds / 1000,
                      milliseconds % 1000);
        std::string record = R"({"event":"end","name":)" + json_string(full_name(test));
        record += R"(,"passed":)";
        record += result.Passed() ? "true" : "false";
        record += R"(,"skipped":)";
        record += result.Skipped() ? "true" : "false";
        record += R"(,"failure":)" + json_string(failure_text(result));
        record += R"(,"seconds":)" + std::string(seconds) + "}";
        write_line(std::move(record));
    }

    void OnTestProgramEnd(const testing::UnitTest&) override { write_line(R"({"event":"done"})"); }

private:
    // Best effort: when a write fails, the report stays incomplete and the grader counts
    // none of it, which is the safe way to fail.
    void write_line(std::string line) {
        line += '\n';
        std::string_view rest = line;
        while (!rest.empty()) {
            const ssize_t written = ::write(fd_, rest.data(), rest.size());
            if (written < 0) {
                if (errno == EINTR) continue;
                return;
            }
            rest.remove_prefix(static_cast<std::size_t>(written));
        }
    }

    int fd_;
};

// The report descriptor named by the environment: -1 when there is none, -2 when the
// variable is set but does not name an open descriptor.
int report_fd() {
    const char* text = std::getenv(kReportFdVariable);
    if (text == nullptr) return -1;
    char* end = nullptr;
    errno = 0;
    const long fd = std::strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || fd < 0 || fd > 1 << 20) return -2;
    if (::fcntl(static_cast<int>(fd), F_GETFD) == -1) return -2;
    return static_cast<int>(fd);
}

}  // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    const int fd = report_fd();
    if (fd == -2) {
        std::fprintf(stderr, "%s: %s=%s does not name an open descriptor\n", argv[0],
                     kReportFdVariable, std::getenv(kReportFdVariable));
        return 2;
    }
    if (fd >= 0) {
        // Programs a test starts (and GoogleTest's re-executed death tests) must not
        // write into the report: they see neither the variable nor the descriptor.
        ::unsetenv(kReportFdVariable);
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);  // best effort: the report works without it
        testing::UnitTest::GetInstance()->listeners().Append(new ReportWriter(fd));
    }
    return RUN_ALL_TESTS();
}
