// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal assertion harness for the engine's tests, so that the engine builds and tests on a
// server without Qt (the app and widget tests use Qt Test). Each test binary ends with the plain
// closing line "N passed, N failed" and exits non-zero when anything failed.
//
//   HW_TEST(tone_lands_in_its_bin) { HW_CHECK_NEAR(x, 1.0, 1e-12); }
//   int main(int argc, char** argv) { return headwave::test::runAll(argc, argv); }
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace headwave::test {

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

struct State {
    int failures = 0;      // failed checks in the current case
    bool skipped = false;  // the current case skipped itself
    std::string skipReason;
};

inline State& state() {
    static State s;
    return s;
}

struct Registrar {
    Registrar(const char* name, std::function<void()> body) {
        registry().push_back({name, std::move(body)});
    }
};

inline void fail(const char* file, int line, const std::string& what) {
    ++state().failures;
    std::fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, what.c_str());
}

// Relative comparison with an absolute floor: |a - b| <= max(rel * max(|a|, |b|), abs).
// NaN equals NaN (the method defines NaN results, e.g. window entropy when T < w).
inline bool near(double a, double b, double rel, double abs) {
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b);
    }
    if (a == b) {
        return true;
    }
    const double scale = std::fmax(std::fabs(a), std::fabs(b));
    return std::fabs(a - b) <= std::fmax(rel * scale, abs);
}

// Marks the current case as skipped, with the reason printed; the caller returns.
inline void skip(const std::string& reason) {
    state().skipped = true;
    state().skipReason = reason;
}

// Runs every registered case (or those whose name contains argv[1]).
inline int runAll(int argc, char** argv) {
    const std::string filter = argc > 1 ? argv[1] : "";
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    for (const Case& c : registry()) {
        if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos) {
            continue;
        }
        state() = State{};
        try {
            c.body();
        } catch (const std::exception& e) {
            fail(__FILE__, __LINE__, std::string("uncaught exception: ") + e.what());
        }
        if (state().failures > 0) {
            ++failed;
            std::fprintf(stderr, "FAIL %s (%d failed checks)\n", c.name, state().failures);
        } else if (state().skipped) {
            ++skipped;
            std::fprintf(stderr, "SKIP %s: %s\n", c.name, state().skipReason.c_str());
        } else {
            ++passed;
            std::fprintf(stderr, "PASS %s\n", c.name);
        }
    }
    std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    // A binary that ran nothing is a defect (a mistyped filter, an empty registry).
    if (passed + failed + skipped == 0) {
        std::fprintf(stderr, "no test case ran\n");
        return 1;
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace headwave::test

#define HW_CONCAT2(a, b) a##b
#define HW_CONCAT(a, b) HW_CONCAT2(a, b)

#define HW_TEST(name)                                                               \
    static void name();                                                             \
    static const ::headwave::test::Registrar HW_CONCAT(hw_reg_, name){#name, name}; \
    static void name()

#define HW_CHECK(cond)                                                      \
    do {                                                                    \
        if (!(cond)) {                                                      \
            ::headwave::test::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
        }                                                                   \
    } while (0)

#define HW_CHECK_MSG(cond, msg)                                       \
    do {                                                              \
        if (!(cond)) {                                                \
            std::ostringstream hw_os_;                                \
            hw_os_ << "CHECK(" #cond "): " << msg;                    \
            ::headwave::test::fail(__FILE__, __LINE__, hw_os_.str()); \
        }                                                             \
    } while (0)

#define HW_CHECK_EQ(a, b)                                                       \
    do {                                                                        \
        const auto hw_a_ = (a);                                                 \
        const auto hw_b_ = (b);                                                 \
        if (!(hw_a_ == hw_b_)) {                                                \
            std::ostringstream hw_os_;                                          \
            hw_os_ << "CHECK_EQ(" #a ", " #b "): " << hw_a_ << " != " << hw_b_; \
            ::headwave::test::fail(__FILE__, __LINE__, hw_os_.str());           \
        }                                                                       \
    } while (0)

// |a - b| <= max(rel * max(|a|,|b|), abs); the caller states why the tolerance is what it is.
#define HW_CHECK_CLOSE(a, b, rel, abs)                                                        \
    do {                                                                                      \
        const double hw_a_ = static_cast<double>(a);                                          \
        const double hw_b_ = static_cast<double>(b);                                          \
        if (!::headwave::test::near(hw_a_, hw_b_, (rel), (abs))) {                            \
            std::ostringstream hw_os_;                                                        \
            hw_os_.precision(17);                                                             \
            hw_os_ << "CHECK_CLOSE(" #a ", " #b "): " << hw_a_ << " vs " << hw_b_ << " (rel " \
                   << (rel) << ", abs " << (abs) << ")";                                      \
            ::headwave::test::fail(__FILE__, __LINE__, hw_os_.str());                         \
        }                                                                                     \
    } while (0)

#define HW_SKIP(reason)                 \
    do {                                \
        ::headwave::test::skip(reason); \
        return;                         \
    } while (0)
