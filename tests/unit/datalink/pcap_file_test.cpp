// The pcap file format written by hand: the headers field by field, and a file that
// libpcap itself reads back.

#include "pcap_file.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

template <class T>
T native(const std::byte* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

}  // namespace

TEST(PcapFile, FileHeaderFields) {
    const auto header = datalink::pcap_file_header(96, 1);
    ASSERT_EQ(header.size(), 24u);
    EXPECT_EQ(native<std::uint32_t>(&header[0]), 0xa1b2c3d4u);  // the writer's byte order
    EXPECT_EQ(native<std::uint16_t>(&header[4]), 2u);
    EXPECT_EQ(native<std::uint16_t>(&header[6]), 4u);
    EXPECT_EQ(native<std::int32_t>(&header[8]), 0);
    EXPECT_EQ(native<std::uint32_t>(&header[12]), 0u);
    EXPECT_EQ(native<std::uint32_t>(&header[16]), 96u);
    EXPECT_EQ(native<std::uint32_t>(&header[20]), 1u);
}

TEST(PcapFile, RecordHeaderFields) {
    const auto header = datalink::pcap_record_header(1700000000, 123456, 60, 98);
    ASSERT_EQ(header.size(), 16u);
    EXPECT_EQ(native<std::uint32_t>(&header[0]), 1700000000u);
    EXPECT_EQ(native<std::uint32_t>(&header[4]), 123456u);
    EXPECT_EQ(native<std::uint32_t>(&header[8]), 60u);
    EXPECT_EQ(native<std::uint32_t>(&header[12]), 98u);
}

TEST(PcapFile, LibpcapReadsWhatWeWrite) {
    char path[] = "/tmp/np-datalink-test-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    std::vector<std::byte> frame(98);
    for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = std::byte(i);
    {
        datalink::PcapWriter writer(path, 64, 1);
        writer.write(1700000000, 5, frame, 98);  // kept: the first 64 bytes
        writer.write(1700000001, 6, std::span(frame).first(42), 42);
    }
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* file = pcap_open_offline(path, error);
    ASSERT_NE(file, nullptr) << error;
    EXPECT_EQ(pcap_snapshot(file), 64);
    EXPECT_EQ(pcap_datalink(file), 1);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    ASSERT_EQ(pcap_next_ex(file, &header, &data), 1);
    EXPECT_EQ(header->ts.tv_sec, 1700000000);
    EXPECT_EQ(header->ts.tv_usec, 5);
    EXPECT_EQ(header->caplen, 64u);
    EXPECT_EQ(header->len, 98u);
    EXPECT_EQ(std::memcmp(data, frame.data(), 64), 0);
    ASSERT_EQ(pcap_next_ex(file, &header, &data), 1);
    EXPECT_EQ(header->caplen, 42u);
    EXPECT_EQ(header->len, 42u);
    EXPECT_EQ(pcap_next_ex(file, &header, &data), PCAP_ERROR_BREAK);  // the end
    pcap_close(file);
    ::unlink(path);
}
