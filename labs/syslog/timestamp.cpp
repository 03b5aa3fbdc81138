#include "timestamp.hpp"

#include <sys/time.h>

#include <cstdio>

namespace syslogd {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number in text[at, at+count) if all are digits, else -1.
int digits_at(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!is_digit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::string bsd(int month, int day, int hour, int minute, int second) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%s %2d %02d:%02d:%02d", kMonths[month], day, hour, minute,
                  second);
    return stamp;
}

}  // namespace

std::string format_bsd_timestamp(const std::tm& local_time) {
    const int month = local_time.tm_mon >= 0 && local_time.tm_mon < 12 ? local_time.tm_mon : 0;
    return bsd(month, local_time.tm_mday, local_time.tm_hour, local_time.tm_min, local_time.tm_sec);
}

std::optional<std::string> read_bsd_timestamp(std::string_view text) {
    if (text.size() < 15 || text[3] != ' ' || text[6] != ' ' || text[9] != ':' || text[12] != ':') {
        return std::nullopt;
    }
    int month = -1;
    for (int m = 0; m < 12; ++m) {
        if (text.substr(0, 3) == kMonths[m]) month = m;
    }
    const int day = text[4] == ' ' ? digits_at(text, 5, 1) : digits_at(text, 4, 2);
    const int hour = digits_at(text, 7, 2), minute = digits_at(text, 10, 2),
              second = digits_at(text, 13, 2);
    if (month < 0 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 60) {
        return std::nullopt;
    }
    return bsd(month, day, hour, minute, second);
}

std::optional<std::string> rfc5424_to_bsd(std::string_view timestamp) {
    // YYYY-MM-DDThh:mm:ss, then an optional fraction, then Z or +hh:mm / -hh:mm.
    if (timestamp.size() < 20 || timestamp[4] != '-' || timestamp[7] != '-' ||
        timestamp[10] != 'T' || timestamp[13] != ':' || timestamp[16] != ':') {
        return std::nullopt;
    }
    const int year = digits_at(timestamp, 0, 4), month = digits_at(timestamp, 5, 2),
              day = digits_at(timestamp, 8, 2), hour = digits_at(timestamp, 11, 2),
              minute = digits_at(timestamp, 14, 2), second = digits_at(timestamp, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (timestamp[at] == '.') {
        const std::size_t start = ++at;
        while (at < timestamp.size() && is_digit(timestamp[at])) ++at;
        if (at == start || at - start > 6) return std::nullopt;
    }
    const std::string_view zone = timestamp.substr(at);
    const bool offset = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
                        digits_at(zone, 1, 2) >= 0 && zone[3] == ':' && digits_at(zone, 4, 2) >= 0;
    if (zone != "Z" && !offset) return std::nullopt;
    return bsd(month - 1, day, hour, minute, second);
}

std::string rfc5424_timestamp_now() {
    timeval now{};
    gettimeofday(&now, nullptr);
    std::tm local{};
    localtime_r(&now.tv_sec, &local);
    const long offset_minutes = local.tm_gmtoff / 60;
    const long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld%c%02ld:%02ld",
                  local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour,
                  local.tm_min, local.tm_sec, static_cast<long>(now.tv_usec),
                  offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    return stamp;
}

}  // namespace syslogd
