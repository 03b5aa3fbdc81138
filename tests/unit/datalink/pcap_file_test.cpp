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
    ASSERT_EQ(header.size(), 24u) << "pcap_file_header(96, 1) is 24 bytes";
    EXPECT_EQ(native<std::uint32_t>(&header[0]), 0xa1b2c3d4u)
        << "pcap_file_header(96, 1): the magic at offset 0, in the writer's byte order (µs "
           "timestamps)";
    EXPECT_EQ(native<std::uint16_t>(&header[4]), 2u)
        << "pcap_file_header(96, 1): major version 2 at offset 4";
    EXPECT_EQ(native<std::uint16_t>(&header[6]), 4u)
        << "pcap_file_header(96, 1): minor version 4 at offset 6";
    EXPECT_EQ(native<std::int32_t>(&header[8]), 0)
        << "pcap_file_header(96, 1): time zone 0 at offset 8";
    EXPECT_EQ(native<std::uint32_t>(&header[12]), 0u)
        << "pcap_file_header(96, 1): accuracy 0 at offset 12";
    EXPECT_EQ(native<std::uint32_t>(&header[16]), 96u)
        << "pcap_file_header(96, 1): snaplen 96 at offset 16";
    EXPECT_EQ(native<std::uint32_t>(&header[20]), 1u)
        << "pcap_file_header(96, 1): link type 1 (Ethernet) at offset 20";
}

TEST(PcapFile, RecordHeaderFields) {
    const auto header = datalink::pcap_record_header(1700000000, 123456, 60, 98);
    ASSERT_EQ(header.size(), 16u) << "pcap_record_header(1700000000, 123456, 60, 98) is 16 bytes";
    EXPECT_EQ(native<std::uint32_t>(&header[0]), 1700000000u)
        << "the record header's seconds at offset 0";
    EXPECT_EQ(native<std::uint32_t>(&header[4]), 123456u)
        << "the record header's microseconds at offset 4";
    EXPECT_EQ(native<std::uint32_t>(&header[8]), 60u)
        << "the record header's captured length, 60, at offset 8";
    EXPECT_EQ(native<std::uint32_t>(&header[12]), 98u)
        << "the record header's original length, 98, at offset 12";
}

TEST(PcapFile, LibpcapReadsWhatWeWrite) {
    char path[] = "/tmp/np-datalink-test-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0) << "making a temporary file";
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
    ASSERT_NE(file, nullptr) << "libpcap opens the file the writer wrote: " << error;
    EXPECT_EQ(pcap_snapshot(file), 64) << "libpcap reads the snaplen 64 the writer was given";
    EXPECT_EQ(pcap_datalink(file), 1) << "libpcap reads the link type 1 (Ethernet)";
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    ASSERT_EQ(pcap_next_ex(file, &header, &data), 1) << "libpcap reads the first record";
    EXPECT_EQ(header->ts.tv_sec, 1700000000) << "the first record's seconds";
    EXPECT_EQ(header->ts.tv_usec, 5) << "the first record's microseconds";
    EXPECT_EQ(header->caplen, 64u) << "the first record: 98 bytes cut to the snaplen, 64";
    EXPECT_EQ(header->len, 98u) << "the first record's original length";
    EXPECT_EQ(std::memcmp(data, frame.data(), 64), 0)
        << "the first record's 64 bytes are the frame's first 64";
    ASSERT_EQ(pcap_next_ex(file, &header, &data), 1) << "libpcap reads the second record";
    EXPECT_EQ(header->caplen, 42u) << "the second record: 42 bytes, all kept";
    EXPECT_EQ(header->len, 42u) << "the second record's original length";
    EXPECT_EQ(pcap_next_ex(file, &header, &data), PCAP_ERROR_BREAK)
        << "libpcap finds the end of the file after the two records";
    pcap_close(file);
    ::unlink(path);
}
