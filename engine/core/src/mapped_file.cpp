// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/core/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace headwave {

namespace {

std::string osMessage(int err) {
    return std::strerror(err);
}

Error openError(const std::string& path, int err) {
    if (err == ENOENT) {
        return makeError(ErrorCode::FileNotFound,
                         "Could not open '" + path + "': the file does not exist.", osMessage(err));
    }
    return makeError(ErrorCode::FileRead, "Could not open '" + path + "': " + osMessage(err) + ".",
                     osMessage(err));
}

Error writeError(const std::string& path, const char* step, int err) {
    return makeError(ErrorCode::FileWrite,
                     "Could not write '" + path + "': " + osMessage(err) + ".",
                     std::string(step) + ": " + osMessage(err));
}

void closeQuietly(int fd) {
    if (fd >= 0) {
        // A failing close of a read-only descriptor loses nothing; EINTR must not be retried on
        // Linux (the descriptor is already released).
        (void)::close(fd);
    }
}

// The folder part of path ("." when there is none), for fsync after rename.
std::string parentFolder(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) {
        return ".";
    }
    if (slash == 0) {
        return "/";
    }
    return path.substr(0, slash);
}

// The SIGBUS guard (see mapped_file.h). The handler reads this table without locks, so every
// field is a lock-free atomic: a slot is claimed (busy), then its range published (end, then
// begin); it is cleared in the opposite order before the mapping is unmapped. A slot whose begin
// is 0 is free or not yet published.
struct GuardSlot {
    std::atomic<bool> busy{false};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    std::atomic<bool> truncated{false};
};
static_assert(std::atomic<std::uintptr_t>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

GuardSlot g_guards[MappedFile::kMaxGuardedMappings];
struct sigaction g_previousBusAction {};
std::once_flag g_guardInstalled;
bool g_guardActive = false;

// Async-signal-safe: atomics, mmap and sigaction only.
void onSigbus(int sig, siginfo_t* info, void* context) {
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (GuardSlot& slot : g_guards) {
        const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
        if (begin == 0 || addr < begin || addr >= slot.end.load(std::memory_order_acquire)) {
            continue;
        }
        // The page that lost its file bytes becomes a private page of zeros at the same address;
        // returning retries the read, which now succeeds.
        const auto pageSize = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        void* page = reinterpret_cast<void*>(addr & ~(pageSize - 1));
        if (::mmap(page, pageSize, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED) {
            slot.truncated.store(true, std::memory_order_release);
            return;
        }
        break;
    }
    // Not ours (or the page could not be replaced): what would have happened without the guard.
    if ((g_previousBusAction.sa_flags & SA_SIGINFO) != 0 &&
        g_previousBusAction.sa_sigaction != nullptr) {
        g_previousBusAction.sa_sigaction(sig, info, context);
        return;
    }
    if (g_previousBusAction.sa_handler != SIG_DFL && g_previousBusAction.sa_handler != SIG_IGN &&
        g_previousBusAction.sa_handler != nullptr) {
        g_previousBusAction.sa_handler(sig);
        return;
    }
    // Default action: restore it; returning re-executes the faulting access, which now kills the
    // process as SIGBUS always did.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    (void)::sigaction(SIGBUS, &dfl, nullptr);
}

void installGuard() {
    struct sigaction action {};
    action.sa_sigaction = onSigbus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    g_guardActive = ::sigaction(SIGBUS, &action, &g_previousBusAction) == 0;
}

// A slot for [data, data + size), or -1 when the table is full or the guard is not installed.
int claimGuard(const std::uint8_t* data, std::size_t size) {
    std::call_once(g_guardInstalled, installGuard);
    if (!g_guardActive || data == nullptr) {
        return -1;
    }
    for (int i = 0; i < MappedFile::kMaxGuardedMappings; ++i) {
        GuardSlot& slot = g_guards[i];
        bool expected = false;
        if (slot.busy.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
            slot.truncated.store(false, std::memory_order_relaxed);
            slot.end.store(reinterpret_cast<std::uintptr_t>(data) + size,
                           std::memory_order_release);
            slot.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
            return i;
        }
    }
    return -1;
}

void releaseGuard(int i) {
    if (i >= 0) {
        GuardSlot& slot = g_guards[i];
        slot.begin.store(0, std::memory_order_release);
        slot.end.store(0, std::memory_order_release);
        slot.busy.store(false, std::memory_order_release);
    }
}

}  // namespace

MappedFile::MappedFile(std::string path, int fd, const std::uint8_t* data, std::size_t size,
                       int guard)
    : m_path(std::move(path)), m_fd(fd), m_data(data), m_size(size), m_guard(guard) {}

MappedFile::~MappedFile() {
    // Unpublish before unmapping: a later fault at these addresses belongs to someone else.
    releaseGuard(m_guard);
    if (m_data != nullptr) {
        // munmap takes a non-const pointer; the mapping is PROT_READ so nothing was written.
        (void)::munmap(const_cast<std::uint8_t*>(m_data), m_size);
    }
    closeQuietly(m_fd);
}

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string& path) {
    int fd = -1;
    do {
        // O_NONBLOCK: opening a FIFO must not hang waiting for a writer (it is refused below);
        // it changes nothing for a regular file.
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return openError(path, errno);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        closeQuietly(fd);
        return openError(path, err);
    }
    if (S_ISDIR(st.st_mode)) {
        closeQuietly(fd);
        return makeError(ErrorCode::FileRead,
                         "Could not open '" + path + "': it is a folder, not a file.",
                         osMessage(EISDIR));
    }
    if (!S_ISREG(st.st_mode)) {
        // Pipes and devices have no size to map; reading them whole is not what a viewer wants.
        closeQuietly(fd);
        return makeError(ErrorCode::FileRead,
                         "Could not open '" + path + "': it is not a regular file.",
                         "st_mode " + std::to_string(st.st_mode));
    }
    if (st.st_size < 0 ||
        static_cast<std::uint64_t>(st.st_size) > static_cast<std::uint64_t>(SIZE_MAX)) {
        closeQuietly(fd);
        return makeError(ErrorCode::FileRead,
                         "Could not open '" + path + "': the file is too large to map.",
                         "size " + std::to_string(st.st_size));
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    const std::uint8_t* data = nullptr;
    if (size > 0) {
        void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (addr == MAP_FAILED) {
            const int err = errno;
            closeQuietly(fd);
            return makeError(ErrorCode::FileRead,
                             "Could not map '" + path + "' into memory: " + osMessage(err) + ".",
                             "mmap of " + std::to_string(size) + " bytes: " + osMessage(err));
        }
        data = static_cast<const std::uint8_t*>(addr);
    }
    const int guard = claimGuard(data, size);
    try {
        // Not make_shared: the constructor is private.
        return std::shared_ptr<const MappedFile>(new MappedFile(path, fd, data, size, guard));
    } catch (const std::bad_alloc&) {
        releaseGuard(guard);
        if (data != nullptr) {
            (void)::munmap(const_cast<std::uint8_t*>(data), size);
        }
        closeQuietly(fd);
        return makeError(ErrorCode::OutOfMemory, "Out of memory while opening '" + path + "'.");
    }
}

Status MappedFile::checkUnchanged() const {
    if (m_guard >= 0 && g_guards[m_guard].truncated.load(std::memory_order_acquire)) {
        return makeError(
            ErrorCode::FileRead,
            "'" + m_path +
                "' was truncated by another program while it was being read; open it "
                "again.",
            "a read of the mapping hit a page past the new end of the file (SIGBUS, caught)");
    }
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        const int err = errno;
        return makeError(ErrorCode::FileRead,
                         "Could not read '" + m_path + "': " + osMessage(err) + ".",
                         osMessage(err));
    }
    if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) < m_size) {
        return makeError(
            ErrorCode::FileRead,
            "'" + m_path + "' was truncated by another program while open; open it again.",
            "size was " + std::to_string(m_size) + " bytes, now " + std::to_string(st.st_size));
    }
    return {};
}

Status writeAll(std::FILE* file, const void* data, std::size_t n) {
    if (n == 0) {
        return {};
    }
    errno = 0;
    if (std::fwrite(data, 1, n, file) != n) {
        const int err = errno != 0 ? errno : EIO;
        // Just the reason: writeFileAtomically puts "Could not write '<path>': " in front.
        return makeError(ErrorCode::FileWrite, osMessage(err) + ".",
                         "fwrite of " + std::to_string(n) + " bytes: " + osMessage(err));
    }
    return {};
}

namespace {

// The temporary files of the AtomicFiles not yet committed or discarded, so that a program ending
// at once (a second Ctrl-C) can remove them first.
std::mutex& pendingMutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& pendingFiles() {
    static std::set<std::string> s;
    return s;
}
void trackPending(const std::string& tmpPath, bool add) {
    std::lock_guard lock(pendingMutex());
    if (add) {
        pendingFiles().insert(tmpPath);
    } else {
        pendingFiles().erase(tmpPath);
    }
}

}  // namespace

void removeUnfinishedFiles() {
    std::lock_guard lock(pendingMutex());
    for (const std::string& p : pendingFiles()) {
        (void)::unlink(p.c_str());
    }
    pendingFiles().clear();
}

AtomicFile::AtomicFile(std::string path, std::string tmpPath, std::FILE* file)
    : m_path(std::move(path)), m_tmpPath(std::move(tmpPath)), m_file(file) {
    trackPending(m_tmpPath, true);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_tmpPath(std::move(other.m_tmpPath)),
      m_file(std::exchange(other.m_file, nullptr)) {
    other.m_tmpPath.clear();
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_path = std::move(other.m_path);
        m_tmpPath = std::move(other.m_tmpPath);
        m_file = std::exchange(other.m_file, nullptr);
        other.m_tmpPath.clear();
    }
    return *this;
}

AtomicFile::~AtomicFile() {
    discard();
}

void AtomicFile::discard() {
    if (m_file != nullptr) {
        (void)std::fclose(m_file);
        m_file = nullptr;
    }
    if (!m_tmpPath.empty()) {
        (void)::unlink(m_tmpPath.c_str());
        trackPending(m_tmpPath, false);
        m_tmpPath.clear();
    }
}

Result<AtomicFile> AtomicFile::create(const std::string& path) {
    if (path.empty() || path.back() == '/') {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not write '" + path + "': no file name.");
    }
    // A hidden sibling, unique per process and call, created exclusively (O_EXCL), so two writers
    // never share a temporary file and a stale one from a crash is never reused.
    static std::atomic<unsigned> counter{0};
    const std::size_t slash = path.find_last_of('/');
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::string prefix =
        slash == std::string::npos ? std::string() : path.substr(0, slash + 1);

    std::string tmpPath;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmpPath = prefix + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter.fetch_add(1));
        fd = ::open(tmpPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST && errno != EINTR) {
            break;
        }
    }
    if (fd < 0) {
        return writeError(path, "create temporary file", errno);
    }

    // Replacing a file keeps its permissions (O_CREAT gave 0666 minus the umask).
    struct stat target {};
    if (::stat(path.c_str(), &target) == 0 && S_ISREG(target.st_mode)) {
        (void)::fchmod(fd, target.st_mode & 07777);
    }

    std::FILE* file = ::fdopen(fd, "wb");
    if (file == nullptr) {
        const int err = errno;
        closeQuietly(fd);
        (void)::unlink(tmpPath.c_str());
        return writeError(path, "fdopen", err);
    }
    return AtomicFile(path, std::move(tmpPath), file);
}

Status AtomicFile::commit() {
    if (m_file == nullptr) {
        return makeError(ErrorCode::InvalidArgument,
                         "Could not write '" + m_path + "': the file was already closed.");
    }
    auto fail = [&](Error error) -> Status {
        discard();
        return error;
    };
    errno = 0;
    if (std::fflush(m_file) != 0 || std::ferror(m_file) != 0) {
        const int err = errno != 0 ? errno : EIO;
        return fail(writeError(m_path, "fflush", err));
    }
    if (::fsync(::fileno(m_file)) != 0) {
        return fail(writeError(m_path, "fsync", errno));
    }
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0) {
        return fail(writeError(m_path, "fclose", errno));
    }
    if (::rename(m_tmpPath.c_str(), m_path.c_str()) != 0) {
        return fail(writeError(m_path, "rename", errno));
    }
    trackPending(m_tmpPath, false);
    m_tmpPath.clear();
    // Make the rename itself durable. Some file systems refuse fsync on a folder; the data is
    // already safe then, so that is not an error.
    const int dirFd = ::open(parentFolder(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        (void)::fsync(dirFd);
        closeQuietly(dirFd);
    }
    return {};
}

Status writeFileAtomically(const std::string& path,
                           const std::function<Status(std::FILE*)>& write) {
    Result<AtomicFile> out = AtomicFile::create(path);
    if (!out) {
        return out.error();
    }
    // On every early return the AtomicFile's destructor removes the temporary file.
    Status written;
    try {
        written = write(out->file());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "Out of memory while writing '" + path + "'.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "Could not write '" + path + "'.", e.what());
    }
    if (!written) {
        Error error = written.error();
        error.message = "Could not write '" + path + "': " + error.message;
        return error;
    }
    return out->commit();
}

}  // namespace headwave
