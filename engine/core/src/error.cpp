#include "headwave/core/error.h"

namespace headwave {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "invalid-argument";
        case ErrorCode::FileNotFound:
            return "file-not-found";
        case ErrorCode::FileRead:
            return "file-read";
        case ErrorCode::FileWrite:
            return "file-write";
        case ErrorCode::FileFormat:
            return "file-format";
        case ErrorCode::Unsupported:
            return "unsupported";
        case ErrorCode::InvalidAttention:
            return "invalid-attention";
        case ErrorCode::Cancelled:
            return "cancelled";
        case ErrorCode::OutOfMemory:
            return "out-of-memory";
        case ErrorCode::Internal:
            return "internal";
    }
    return "unknown";
}

std::string Error::describe() const {
    if (detail.empty()) {
        return message;
    }
    return message + " (" + detail + ")";
}

}  // namespace headwave
