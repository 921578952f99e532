// SPDX-License-Identifier: GPL-3.0-or-later
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
        case ErrorCode::InvalidInput:
            return "invalid-input";
        case ErrorCode::Cancelled:
            return "cancelled";
        case ErrorCode::OutOfMemory:
            return "out-of-memory";
        case ErrorCode::Internal:
            return "internal";
    }
    return "unknown";
}

ErrorClass errorClass(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return ErrorClass::Usage;
        case ErrorCode::FileNotFound:
        case ErrorCode::FileRead:
        case ErrorCode::FileWrite:
        case ErrorCode::FileFormat:
        case ErrorCode::Unsupported:
        case ErrorCode::InvalidAttention:
        case ErrorCode::InvalidInput:
            return ErrorClass::Failure;
        case ErrorCode::OutOfMemory:
            return ErrorClass::OutOfMemory;
        case ErrorCode::Cancelled:
            return ErrorClass::Interrupted;
        case ErrorCode::Internal:
            return ErrorClass::Internal;
    }
    return ErrorClass::Internal;
}

int exitStatus(ErrorClass errorClass) {
    switch (errorClass) {
        case ErrorClass::Usage:
            return 2;
        case ErrorClass::Failure:
            return 1;
        case ErrorClass::OutOfMemory:
            return 3;
        case ErrorClass::Internal:
            return 4;
        case ErrorClass::Interrupted:
            return 130;
    }
    return 4;
}

const char* errorClassName(ErrorClass errorClass) {
    switch (errorClass) {
        case ErrorClass::Usage:
            return "usage";
        case ErrorClass::Failure:
            return "failure";
        case ErrorClass::OutOfMemory:
            return "out-of-memory";
        case ErrorClass::Internal:
            return "internal";
        case ErrorClass::Interrupted:
            return "interrupted";
    }
    return "internal";
}

std::string Error::describe() const {
    if (detail.empty()) {
        return message;
    }
    return message + " (" + detail + ")";
}

}  // namespace headwave
