// SPDX-License-Identifier: GPL-3.0-or-later
// Expected failures as values: Error{code, message, detail} and Result<T>. No exceptions cross the
// engine's public API; third-party exceptions are caught at the adapter that calls them.
//
//   Result<NpyArray> r = readNpyHeader(path);
//   if (!r) { std::cerr << r.error().message << '\n'; return 1; }
//   use(r.value());
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace headwave {

enum class ErrorCode {
    InvalidArgument,   // a setting or argument out of its documented range
    FileNotFound,      // the path does not exist
    FileRead,          // the OS refused or failed to read (permissions, IO error)
    FileWrite,         // the OS refused or failed to write (permissions, disk full)
    FileFormat,        // the file exists but is not what it claims to be (truncated, corrupt)
    Unsupported,       // a valid file that uses a feature Headwave does not handle
    InvalidAttention,  // attention values that are not a row-stochastic matrix (NaN, negative, ...)
    InvalidInput,      // valid files whose contents cannot be used: a corpus with no sequence of
                       // the asked length, a text the tokenizer cannot encode, runs that are not
                       // shards of one run
    Cancelled,         // the stop token was triggered
    OutOfMemory,       // an allocation failed
    Internal,          // a bug: an invariant did not hold
};

// A stable, machine-readable name for the code ("file-format", ...), for logs and JSON.
const char* errorCodeName(ErrorCode code);

// The class of an error, the same for every front end: a program's exit status, a Python
// exception type (docs/command-line.md, "Exit status").
enum class ErrorClass {
    Usage,        // the command line or a setting is wrong: fix the call (exit status 2)
    Failure,      // an input could not be used or an output could not be written (1)
    OutOfMemory,  // not enough memory (3)
    Internal,     // a bug: an invariant did not hold (4)
    Interrupted,  // stopped by the user (130)
};
ErrorClass errorClass(ErrorCode code);
// The exit status of a program that ends with an error of this class.
int exitStatus(ErrorClass errorClass);
inline int exitStatus(ErrorCode code) {
    return exitStatus(errorClass(code));
}
// "usage", "failure", "out-of-memory", "internal", "interrupted".
const char* errorClassName(ErrorClass errorClass);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;  // one sentence for the user: what happened and what to do
    std::string detail;   // technical detail (offsets, sizes, OS message); may be empty

    // "message (detail)" or just the message.
    std::string describe() const;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : m_value(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_value); }
    const T& value() const& { return std::get<T>(m_value); }
    T&& value() && { return std::get<T>(std::move(m_value)); }
    T& operator*() & { return std::get<T>(m_value); }
    const T& operator*() const& { return std::get<T>(m_value); }
    T* operator->() { return &std::get<T>(m_value); }
    const T* operator->() const { return &std::get<T>(m_value); }

    const Error& error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT: implicit

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

inline Error makeError(ErrorCode code, std::string message, std::string detail = {}) {
    return Error{code, std::move(message), std::move(detail)};
}

}  // namespace headwave
