#include "tftp_packet.hpp"

namespace tftp {

std::string error_text(ErrorCode code) {
    switch (code) {
        case ErrorCode::kNotDefined:
            return "Undefined error";
        case ErrorCode::kFileNotFound:
            return "File not found";
        case ErrorCode::kAccessViolation:
            return "Access violation";
        case ErrorCode::kDiskFull:
            return "Disk full or allocation exceeded";
        case ErrorCode::kIllegalOperation:
            return "Illegal TFTP operation";
        case ErrorCode::kUnknownTid:
            return "Unknown transfer ID";
        case ErrorCode::kFileExists:
            return "File already exists";
        case ErrorCode::kNoSuchUser:
            return "No such user";
        case ErrorCode::kOptionRefused:
            return "Option negotiation failed";
    }
    return "Error " + std::to_string(static_cast<int>(code));
}

}  // namespace tftp
