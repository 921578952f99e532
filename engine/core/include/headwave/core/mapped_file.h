// SPDX-License-Identifier: GPL-3.0-or-later
// Read-only memory mapping of a whole file, and an all-or-nothing file writer (temp file + rename).
//
//   Result<std::shared_ptr<const MappedFile>> file = MappedFile::open("run.npy");
//   if (!file) { report(file.error()); return; }
//   parse((*file)->data(), (*file)->size());
//
//   Status s = writeFileAtomically("out.npy", [&](std::FILE* f) { return writeAll(f, p, n); });
//
//   Result<AtomicFile> out = AtomicFile::create("run.hwrun");  // for writers that stream or seek
//   if (!out) { report(out.error()); return; }
//   Status s = writeAll(out->file(), p, n);
//   if (s) { s = out->commit(); }  // otherwise the destructor removes the temporary file
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "headwave/core/error.h"

namespace headwave {

// Pages are mapped on demand, so opening a 20 GB file costs nothing until its bytes are read.
// Shared as std::shared_ptr<const MappedFile>: views into the mapping hold the pointer as their
// owner, and the mapping is released when the last one goes.
//
// Another program that truncates the file in place while it is mapped makes reads past the new end
// fault (SIGBUS). Headwave guards its mappings instead of dying: a process-wide SIGBUS handler,
// installed by the first open(), recognises a fault inside a live MappedFile, puts a page of zeros
// where the lost page was (so the read that faulted completes) and marks the file as truncated.
// checkUnchanged() then reports the truncation, so readers call it after reading (and before, to
// fail early). Faults outside Headwave's mappings go to the handler installed before (or the
// default action), unchanged. At most kMaxGuardedMappings files are guarded at once; beyond that a
// mapping works as before (checkUnchanged() still sees a shorter file).
class MappedFile {
public:
    // Errors name the path and give the OS message: FileNotFound when it does not exist, FileRead
    // for anything else (permissions, a directory, a device). An empty file maps fine as size 0.
    static Result<std::shared_ptr<const MappedFile>> open(const std::string& path);

    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    // The file's bytes; nullptr when size() == 0.
    const std::uint8_t* data() const { return m_data; }
    // Bytes, as at open().
    std::size_t size() const { return m_size; }
    const std::string& path() const { return m_path; }

    // FileRead when the file on disk is now shorter than when it was mapped, or when a read of the
    // mapping already hit a page the truncation removed (it read zeros; see above).
    Status checkUnchanged() const;

    // Files mapped at once whose truncation is caught (see above).
    static constexpr int kMaxGuardedMappings = 1024;

private:
    MappedFile(std::string path, int fd, const std::uint8_t* data, std::size_t size, int guard);

    std::string m_path;
    int m_fd = -1;  // kept open so checkUnchanged() sees the mapped inode, not a new file at path
    const std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
    int m_guard = -1;  // slot in the SIGBUS guard's table, -1 when not guarded
};

// A file that replaces path all at once: bytes go to a hidden temporary file in the same folder
// (".NAME.tmp-PID-N", created exclusively), and commit() flushes, fsyncs and renames it over path.
// An AtomicFile destroyed or discarded before commit() removes its temporary file, so an existing
// file at path is never changed by a failed or abandoned write. file() is a regular file: writers
// may fseeko back to patch a header. A new file gets mode 0666 minus the umask; a replaced file
// keeps its mode.
class AtomicFile {
public:
    // InvalidArgument for an empty name; FileWrite with the OS message naming path when the
    // temporary file cannot be created (a missing or read-only folder, ...).
    static Result<AtomicFile> create(const std::string& path);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // The stream to write to; nullptr after commit() or discard().
    std::FILE* file() const { return m_file; }
    // The final path.
    const std::string& path() const { return m_path; }

    // Flushes, fsyncs, closes and renames the temporary file over path, then fsyncs the folder.
    // FileWrite naming path and giving the OS message when any step fails (including an earlier
    // failed write that left the stream's error flag set); the temporary file is removed then.
    // InvalidArgument when already committed or discarded.
    Status commit();
    // Closes and removes the temporary file; path is untouched. Safe to call more than once.
    void discard();

private:
    AtomicFile(std::string path, std::string tmpPath, std::FILE* file);

    std::string m_path;
    std::string m_tmpPath;
    std::FILE* m_file = nullptr;
};

// Writes a file so that it is either completely written or not changed at all: write() fills a
// temporary file in the same folder, which is flushed, fsync'ed and renamed over path. On any
// failure the temporary file is removed, an existing file at path is left intact, and the result is
// FileWrite with the OS message (or write()'s own error, its message prefixed with the path).
// A new file gets mode 0666 minus the umask; a replaced file keeps its mode.
Status writeFileAtomically(const std::string& path, const std::function<Status(std::FILE*)>& write);

// Removes the temporary files of every write still in progress (for a program about to end at
// once, e.g. on a second Ctrl-C, so that it leaves no partial file). Any thread.
void removeUnfinishedFiles();

// fwrite of all n bytes; FileWrite whose message is the OS reason ("No space left on device.")
// when the stream refuses, for use inside writeFileAtomically's callback.
Status writeAll(std::FILE* file, const void* data, std::size_t n);

}  // namespace headwave
