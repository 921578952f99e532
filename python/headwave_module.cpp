// SPDX-License-Identifier: GPL-3.0-or-later
// headwave._headwave: the engine's session (headwave/run/session.h) for Python, with pybind11.
// The public API is the package headwave (python/headwave/__init__.py), which normalises its
// arguments (arrays, torch tensors, settings) and calls the functions here; docs/python.md.
//
// Every engine call runs on a worker thread with the GIL released while the calling thread waits,
// polling every 50 ms for signals (Ctrl-C: the stop token is triggered, the worker returns
// Cancelled, KeyboardInterrupt is raised) and handing progress reports to the Python callback.
// One thread uses a session at a time: the caller waits for the worker.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "headwave/core/attention_source.h"
#include "headwave/core/error.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/method_settings.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/setting_names.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/corpus.h"
#include "headwave/run/results_file.h"
#include "headwave/run/session.h"
#include "headwave/run/snapshots.h"

#ifndef HEADWAVE_VERSION
#define HEADWAVE_VERSION "0"
#endif

namespace py = pybind11;

namespace headwave::python {

namespace {

// ---- exceptions --------------------------------------------------------------------------------

constexpr std::size_t kErrorCodes = static_cast<std::size_t>(ErrorCode::Internal) + 1;
std::array<PyObject*, kErrorCodes> g_errorTypes{};

[[noreturn]] void raise(const Error& e) {
    PyObject* type = g_errorTypes[static_cast<std::size_t>(e.code)];
    py::object exc = py::reinterpret_borrow<py::object>(type)(e.message);
    exc.attr("code") = errorCodeName(e.code);
    exc.attr("detail") = e.detail;
    exc.attr("error_class") = errorClassName(errorClass(e.code));
    exc.attr("exit_status") = exitStatus(e.code);
    PyErr_SetObject(type, exc.ptr());
    throw py::error_already_set();
}

template <typename T>
T take(Result<T>&& r) {
    if (!r) {
        raise(r.error());
    }
    return std::move(r).value();
}

void check(const Status& s) {
    if (!s) {
        raise(s.error());
    }
}

void addErrorTypes(py::module_& m) {
    PyObject* base = PyErr_NewExceptionWithDoc(
        "headwave.HeadwaveError",
        "An error the engine reported. Attributes: code (e.g. 'file-format'), detail (technical "
        "detail, may be empty), error_class ('usage', 'failure', ...) and exit_status (the exit "
        "status headwave-cli gives for it).",
        PyExc_Exception, nullptr);
    m.add_object("HeadwaveError", py::handle(base));
    struct Def {
        ErrorCode code;
        const char* name;
        PyObject* builtin;
        const char* doc;
    };
    const Def defs[] = {
        {ErrorCode::InvalidArgument, "InvalidArgumentError", PyExc_ValueError,
         "A setting or argument out of its documented range (also a ValueError)."},
        {ErrorCode::FileNotFound, "MissingFileError", PyExc_FileNotFoundError,
         "The path does not exist (also a FileNotFoundError)."},
        {ErrorCode::FileRead, "FileReadError", PyExc_OSError,
         "The OS refused or failed to read (also an OSError)."},
        {ErrorCode::FileWrite, "FileWriteError", PyExc_OSError,
         "The OS refused or failed to write (also an OSError)."},
        {ErrorCode::FileFormat, "FileFormatError", PyExc_ValueError,
         "The file exists but is not what it claims to be (also a ValueError)."},
        {ErrorCode::Unsupported, "UnsupportedError", PyExc_NotImplementedError,
         "A valid file that uses a feature Headwave does not handle."},
        {ErrorCode::InvalidAttention, "InvalidAttentionError", PyExc_ValueError,
         "Attention values that are not row-stochastic (NaN, negative, rows not summing to 1)."},
        {ErrorCode::InvalidInput, "InvalidInputError", PyExc_ValueError,
         "Valid inputs whose contents cannot be used (a corpus without a sequence of the asked "
         "length, a text the tokenizer cannot encode, ...)."},
        {ErrorCode::Cancelled, "CancelledError", nullptr,
         "The computation was stopped (Ctrl-C raises KeyboardInterrupt instead)."},
        {ErrorCode::OutOfMemory, "OutOfMemoryError", PyExc_MemoryError,
         "An allocation failed (also a MemoryError)."},
        {ErrorCode::Internal, "InternalError", PyExc_RuntimeError,
         "A bug: an invariant of the engine did not hold."},
    };
    for (const Def& d : defs) {
        py::tuple bases = d.builtin != nullptr
                              ? py::make_tuple(py::handle(base), py::handle(d.builtin))
                              : py::make_tuple(py::handle(base));
        PyObject* type = PyErr_NewExceptionWithDoc((std::string("headwave.") + d.name).c_str(),
                                                   d.doc, bases.ptr(), nullptr);
        g_errorTypes[static_cast<std::size_t>(d.code)] = type;
        m.add_object(d.name, py::handle(type));
    }
}

// ---- engine calls with the GIL released ---------------------------------------------------------

struct ProgressReport {
    double fraction = 0;
    std::string stage;
    int done = 0;
    int total = 0;
    double secondsLeft = -1;
};

// Runs fn(stop, progress) on a worker thread; see the file comment.
template <typename Fn>
auto callEngine(Fn fn, const py::object& progress = py::none())
    -> decltype(fn(std::stop_token{}, ProgressCallback{})) {
    using R = decltype(fn(std::stop_token{}, ProgressCallback{}));
    std::stop_source stopSource;
    std::mutex mutex;
    std::condition_variable wake;
    bool done = false;
    std::optional<Progress> pending;
    std::optional<R> result;
    std::exception_ptr failure;
    ProgressCallback report;
    if (!progress.is_none()) {
        report = [&](const Progress& p) {
            {
                std::lock_guard lock(mutex);
                pending = p;
            }
            wake.notify_all();
        };
    }
    std::thread worker;
    {
        py::gil_scoped_release release;
        worker = std::thread([&] {
            try {
                result.emplace(fn(stopSource.get_token(), report));
            } catch (...) {
                failure = std::current_exception();
            }
            {
                std::lock_guard lock(mutex);
                done = true;
            }
            wake.notify_all();
        });
    }
    std::optional<py::error_already_set> pythonError;
    for (;;) {
        std::optional<Progress> p;
        bool finished = false;
        {
            py::gil_scoped_release release;
            std::unique_lock lock(mutex);
            wake.wait_for(lock, std::chrono::milliseconds(50),
                          [&] { return done || pending.has_value(); });
            finished = done;
            p = std::move(pending);
            pending.reset();
        }
        if (!pythonError) {
            if (PyErr_CheckSignals() != 0) {
                pythonError.emplace();
                stopSource.request_stop();
            } else if (p) {
                try {
                    progress(
                        ProgressReport{p->fraction, p->stage, p->done, p->total, p->secondsLeft});
                } catch (py::error_already_set& e) {
                    pythonError.emplace(std::move(e));
                    stopSource.request_stop();
                }
            }
        }
        if (finished) {
            break;
        }
    }
    {
        py::gil_scoped_release release;
        worker.join();
    }
    if (pythonError) {
        throw std::move(*pythonError);
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    return std::move(*result);
}

// ---- attention from numpy arrays ---------------------------------------------------------------

// Python references released with the GIL held, whichever thread drops the last owner.
struct PythonRefs {
    std::vector<PyObject*> objects;
    PythonRefs() = default;
    PythonRefs(const PythonRefs&) = delete;
    PythonRefs& operator=(const PythonRefs&) = delete;
    ~PythonRefs() {
        if (Py_IsInitialized() == 0) {
            return;
        }
        py::gil_scoped_acquire gil;
        for (PyObject* o : objects) {
            Py_XDECREF(o);
        }
    }
};

struct ArrayLayer {
    const char* data = nullptr;
    DType dtype = DType::Float32;
    std::array<py::ssize_t, 3> strides{};  // bytes, [heads, query, key]
    bool direct = false;                   // C-contiguous, aligned: handed out without a copy
};

// One sequence's layers, each a numpy array [H, T, T] of float32 or float64 (native byte order),
// any strides. A C-contiguous, aligned layer is handed to the engine as it is; any other layer is
// copied (that layer only) when the engine asks for it.
class ArraySource final : public AttentionSource {
public:
    ArraySource(const py::list& layers, std::string name) : m_name(std::move(name)) {
        m_refs = std::make_shared<PythonRefs>();
        for (const py::handle item : layers) {
            if (!py::isinstance<py::array>(item)) {
                raise(makeError(ErrorCode::InvalidArgument, "Each layer must be a numpy array."));
            }
            auto a = py::reinterpret_borrow<py::array>(item);
            if (a.ndim() != 3) {
                raise(makeError(ErrorCode::InvalidArgument,
                                "Each layer must be [heads, T, T]; got " +
                                    std::to_string(a.ndim()) + " dimensions."));
            }
            const bool f32 = a.dtype().is(py::dtype::of<float>());
            const bool f64 = a.dtype().is(py::dtype::of<double>());
            if (!f32 && !f64) {
                raise(makeError(ErrorCode::InvalidArgument,
                                "Attention must be float32 or float64 in native byte order; got " +
                                    py::str(a.dtype()).cast<std::string>() + "."));
            }
            AttentionShape shape{static_cast<int>(layers.size()), static_cast<int>(a.shape(0)),
                                 static_cast<int>(a.shape(1))};
            if (a.shape(1) != a.shape(2) || a.shape(0) < 1 || a.shape(1) > 1'000'000 ||
                a.shape(0) > 100'000) {
                raise(makeError(ErrorCode::InvalidArgument,
                                "Each layer must be [heads, T, T] with square T x T matrices."));
            }
            if (m_layers.empty()) {
                m_shape = shape;
            } else if (shape.heads != m_shape.heads || shape.tokens != m_shape.tokens) {
                raise(makeError(ErrorCode::InvalidArgument,
                                "Every layer of a sequence must have the same heads and T."));
            }
            ArrayLayer layer;
            layer.data = static_cast<const char*>(a.data());
            layer.dtype = f32 ? DType::Float32 : DType::Float64;
            for (int d = 0; d < 3; ++d) {
                layer.strides[static_cast<std::size_t>(d)] = a.strides(d);
            }
            const auto item_size = static_cast<py::ssize_t>(dtypeSize(layer.dtype));
            const bool contiguous = (a.flags() & py::array::c_style) != 0;
            const bool aligned = reinterpret_cast<std::uintptr_t>(layer.data) %
                                     static_cast<std::uintptr_t>(item_size) ==
                                 0;
            layer.direct = contiguous && aligned;
            m_layers.push_back(layer);
            m_refs->objects.push_back(a.inc_ref().ptr());
        }
        if (m_layers.empty()) {
            raise(makeError(ErrorCode::InvalidArgument, "There is no layer to analyse."));
        }
    }

    AttentionShape shape() const override { return m_shape; }
    std::string name() const override { return m_name; }

    Result<LayerView> layer(int l) override {
        if (l < 0 || l >= m_shape.layers) {
            return makeError(ErrorCode::InvalidArgument, "No layer " + std::to_string(l) + ".");
        }
        const ArrayLayer& a = m_layers[static_cast<std::size_t>(l)];
        LayerView view;
        view.dtype = a.dtype;
        if (a.direct) {
            view.data = a.data;
            view.owner = m_refs;
            return view;
        }
        if (a.dtype == DType::Float32) {
            view.owner = copy<float>(a);
        } else {
            view.owner = copy<double>(a);
        }
        view.data = static_cast<const std::vector<char>*>(view.owner.get())->data();
        return view;
    }

    int copiedLayers() const { return m_copied; }

private:
    template <typename T>
    std::shared_ptr<const void> copy(const ArrayLayer& a) {
        ++m_copied;
        const auto heads = static_cast<py::ssize_t>(m_shape.heads);
        const auto n = static_cast<py::ssize_t>(m_shape.tokens);
        auto out = std::make_shared<std::vector<char>>(static_cast<std::size_t>(heads * n * n) *
                                                       sizeof(T));
        auto* dst = reinterpret_cast<T*>(out->data());
        for (py::ssize_t h = 0; h < heads; ++h) {
            for (py::ssize_t i = 0; i < n; ++i) {
                const char* row = a.data + h * a.strides[0] + i * a.strides[1];
                for (py::ssize_t j = 0; j < n; ++j) {
                    std::memcpy(dst++, row + j * a.strides[2], sizeof(T));
                }
            }
        }
        return out;
    }

    std::string m_name;
    AttentionShape m_shape;
    std::vector<ArrayLayer> m_layers;
    std::shared_ptr<PythonRefs> m_refs;
    int m_copied = 0;
};

// ---- conversions -------------------------------------------------------------------------------

MethodSettings settingsFrom(const py::dict& values, MethodSettings s = {}) {
    for (const auto& [key, value] : values) {
        check(setMethodSetting(s, key.cast<std::string>(), value.cast<std::string>()));
    }
    return s;
}

py::object parseJson(const std::string& text) {
    return py::module_::import("json").attr("loads")(text);
}

py::str text(const std::string& s) {  // a token may hold part of a UTF-8 character
    return py::reinterpret_steal<py::str>(
        PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "replace"));
}

py::list columnsOf(const MetricLayout& layout) {
    py::list out;
    for (const MetricColumn& c : layout.columns()) {
        py::dict d;
        d["key"] = c.key;
        d["unit"] = c.unit;
        d["description"] = c.description;
        out.append(d);
    }
    return out;
}

py::array_t<double> vectorArray(const std::vector<double>& v) {
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    if (!v.empty()) {
        std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(double));
    }
    return out;
}

py::list warningsOf(const std::vector<Warning>& warnings) {
    py::list out;
    for (const Warning& w : warnings) {
        out.append(w.text());
    }
    return out;
}

// ---- the Python-facing objects
// -------------------------------------------------------------------

// The session a result came from, shared by its objects (per-head requests go to it).
struct SharedSession {
    Session session;
    explicit SharedSession(SessionOptions o) : session(o) {}
};

class Analysis {
public:
    Analysis(std::shared_ptr<SharedSession> s, AnalysisPtr a)
        : m_session(std::move(s)),
          m_analysis(std::move(a)),
          m_layout(m_analysis->settings, m_analysis->metrics->level) {}

    py::array_t<double> metrics() const {
        const SequenceMetrics& m = *m_analysis->metrics;
        const auto C = static_cast<py::ssize_t>(m_layout.size());
        py::array_t<double> out(
            {static_cast<py::ssize_t>(m.shape.layers), static_cast<py::ssize_t>(m.shape.heads), C});
        double* row = out.mutable_data();
        for (const HeadMetrics& h : m.heads) {
            m_layout.flatten(h, row);
            row += C;
        }
        return out;
    }
    py::list columns() const { return columnsOf(m_layout); }
    py::array_t<double> profiles() const {
        const SequenceMetrics& m = *m_analysis->metrics;
        const auto T = static_cast<py::ssize_t>(m.shape.tokens);
        py::array_t<double> out(
            {static_cast<py::ssize_t>(m.shape.layers), static_cast<py::ssize_t>(m.shape.heads), T});
        double* dst = out.mutable_data();
        for (const auto& p : m.profiles) {
            std::memcpy(dst, p.data(), p.size() * sizeof(double));
            dst += T;
        }
        return out;
    }
    HeadDetail detail(int layer, int head) const {
        return take(m_session->session.headDetail(*m_analysis, layer, head));
    }
    py::tuple spectrum(int layer, int head) const {
        HeadDetail d = detail(layer, head);
        return py::make_tuple(vectorArray(d.frequency), vectorArray(d.power));
    }
    py::list coefficients(int layer, int head) const {
        HeadDetail d = detail(layer, head);
        py::list out;
        for (const auto& c : d.coefficients) {
            out.append(vectorArray(c));
        }
        return out;
    }
    py::list tokens() const {
        py::list out;
        for (const Token& t : m_analysis->tokens) {
            out.append(text(t.text));
        }
        return out;
    }
    py::list tokenIds() const {
        py::list out;
        for (const Token& t : m_analysis->tokens) {
            out.append(t.id);
        }
        return out;
    }
    py::tuple shape() const {
        const AttentionShape& s = m_analysis->metrics->shape;
        return py::make_tuple(s.layers, s.heads, s.tokens);
    }
    int level() const { return m_analysis->metrics->level; }
    double rho() const { return m_analysis->rho; }
    py::object settings() const { return parseJson(m_analysis->settings.toJson()); }
    py::list warnings() const { return warningsOf(m_analysis->warnings); }
    std::string source() const { return m_analysis->sourceName; }
    py::array_t<float> attention(int layer, int head) const {
        auto a = callEngine([&](std::stop_token stop, const ProgressCallback&) {
            return m_session->session.headAttention(*m_analysis, layer, head, stop);
        });
        auto h = take(std::move(a));
        py::array_t<float> out(
            {static_cast<py::ssize_t>(h->tokens), static_cast<py::ssize_t>(h->tokens)});
        std::memcpy(out.mutable_data(), h->probs.data(), h->probs.size() * sizeof(float));
        return out;
    }

    const std::shared_ptr<SharedSession>& session() const { return m_session; }
    const AnalysisPtr& snapshot() const { return m_analysis; }

private:
    std::shared_ptr<SharedSession> m_session;
    AnalysisPtr m_analysis;
    MetricLayout m_layout;
};

// A corpus run or a results file.
class Run {
public:
    Run(std::shared_ptr<SharedSession> s, AnalysisPtr a)
        : m_session(std::move(s)), m_analysis(std::move(a)), m_run(m_analysis->run) {}

    py::array_t<double> metrics() const {
        const RunResult& r = *m_run;
        py::array_t<double> out(
            {static_cast<py::ssize_t>(r.sequences()), static_cast<py::ssize_t>(r.model.layers),
             static_cast<py::ssize_t>(r.model.heads), static_cast<py::ssize_t>(r.layout.size())});
        std::memcpy(out.mutable_data(), r.metrics.data(), r.metrics.size() * sizeof(double));
        return out;
    }
    // [layers], [layers, heads] or [layers, heads, C].
    py::array_t<double> summaryArray(const std::vector<double>& v, int dims) const {
        const RunResult& r = *m_run;
        std::vector<py::ssize_t> shape = {static_cast<py::ssize_t>(r.model.layers)};
        if (dims > 1) {
            shape.push_back(r.model.heads);
        }
        if (dims > 2) {
            shape.push_back(static_cast<py::ssize_t>(r.layout.size()));
        }
        py::array_t<double> out(shape);
        std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(double));
        return out;
    }
    py::object headMean() const {
        return m_run->summary ? py::object(summaryArray(m_run->summary->headMean, 3)) : py::none();
    }
    py::object headStd() const {
        return m_run->summary ? py::object(summaryArray(m_run->summary->headStd, 3)) : py::none();
    }
    py::object rhoHead() const {
        if (!m_run->summary || m_run->summary->rhoHead.empty()) {
            return py::none();
        }
        return summaryArray(m_run->summary->rhoHead, 2);
    }
    py::object rhoLayer() const {
        return m_run->summary ? py::object(summaryArray(m_run->summary->rhoLayer, 1)) : py::none();
    }
    double rho() const { return m_analysis->rho; }
    py::list columns() const { return columnsOf(m_run->layout); }
    py::object meta() const { return parseJson(runMetaJson(*m_run)); }
    std::vector<int> sequenceIndex() const { return m_run->sequenceIndex; }
    std::vector<int> tokenCounts() const { return m_run->tokens; }
    py::list tokenIds() const {
        py::list out;
        std::size_t at = 0;
        for (int n : m_run->tokens) {
            py::array_t<std::int32_t> ids(n);
            std::memcpy(ids.mutable_data(), m_run->tokenIds.data() + at,
                        static_cast<std::size_t>(n) * sizeof(int));
            at += static_cast<std::size_t>(n);
            out.append(ids);
        }
        return out;
    }
    py::list warnings() const { return warningsOf(m_run->warnings); }
    int level() const { return m_run->level; }
    py::tuple spectrum(int layer, int head) const {
        HeadDetail d = take(m_session->session.headDetail(*m_analysis, layer, head));
        return py::make_tuple(vectorArray(d.frequency), vectorArray(d.power));
    }
    py::list coefficients(int layer, int head) const {
        HeadDetail d = take(m_session->session.headDetail(*m_analysis, layer, head));
        py::list out;
        for (const auto& c : d.coefficients) {
            out.append(vectorArray(c));
        }
        return out;
    }
    void save(const std::string& path, const py::object& progress) {
        check(callEngine(
            [&](std::stop_token stop, const ProgressCallback& p) {
                return m_session->session.saveResults(*m_analysis, path, std::nullopt, stop, p);
            },
            progress));
    }

private:
    std::shared_ptr<SharedSession> m_session;
    AnalysisPtr m_analysis;
    std::shared_ptr<const RunResult> m_run;
};

SessionOptions sessionOptions(int threads, bool renormaliseRows, double rowSumTolerance) {
    SessionOptions o;
    o.threads = threads;
    o.checks.renormaliseRows = renormaliseRows;
    o.checks.rowSumTolerance = rowSumTolerance;
    o.details = false;
    return o;
}

// One sequence of layers; the settings already resolved by the caller.
Analysis analyzeArrays(const std::shared_ptr<SharedSession>& shared, const py::list& layers,
                       const MethodSettings& settings, const std::vector<std::string>& labels,
                       const std::string& name, const py::object& progress) {
    auto source = std::make_shared<ArraySource>(layers, name);
    auto result = callEngine(
        [&](std::stop_token stop, const ProgressCallback& p) {
            return shared->session.analyzeAttention(source, labels, settings, stop, p);
        },
        progress);
    return Analysis(shared, take(std::move(result)));
}

// analyze(): a list of sequences, each a list of layer arrays.
py::list analyze(const py::list& sequences, const py::dict& settingValues, int threads,
                 bool renormaliseRows, double rowSumTolerance,
                 const std::vector<std::string>& labels, const py::object& progress) {
    MethodSettings settings = settingsFrom(settingValues);
    auto shared =
        std::make_shared<SharedSession>(sessionOptions(threads, renormaliseRows, rowSumTolerance));
    if (sequences.size() > 1 && settings.waveletLevel < 0) {
        // A batch is decomposed to one depth, that of its shortest sequence (as a run).
        int shortest = 0;
        for (const py::handle s : sequences) {
            const auto layer = py::reinterpret_borrow<py::list>(s)[0].cast<py::array>();
            const int T = layer.ndim() == 3 ? static_cast<int>(layer.shape(1)) : 0;
            shortest = shortest == 0 ? T : std::min(shortest, T);
        }
        settings.waveletLevel = take(resolveWaveletLevel(settings, shortest));
    }
    py::list out;
    for (const py::handle s : sequences) {
        out.append(analyzeArrays(shared, py::reinterpret_borrow<py::list>(s), settings, labels,
                                 "array", progress));
    }
    return out;
}

class Model {
public:
    Model(const std::string& path, int threads, bool requireTokenizer)
        : m_shared(std::make_shared<SharedSession>(sessionOptions(threads, false, 1e-3))) {
        auto card = callEngine([&](std::stop_token stop, const ProgressCallback& p) {
            return m_shared->session.openModel(path, stop, p, requireTokenizer);
        });
        take(std::move(card));
    }

    py::dict config() const {
        const ModelCard& card = *m_shared->session.modelCard();
        const ModelConfig& c = card.config;
        py::dict d;
        d["name"] = card.info.name;
        d["path"] = card.dir;
        d["model_type"] = c.modelType;
        d["architecture"] = toString(c.architecture);
        d["positional"] = positionalSchemeKey(c.positional);
        d["causal"] = c.causal;
        d["layers"] = c.layers;
        d["heads"] = c.heads;
        d["kv_heads"] = c.kvHeads;
        d["hidden"] = c.hidden;
        d["head_dim"] = c.headDim;
        d["intermediate"] = c.intermediate;
        d["vocab"] = c.vocab;
        d["max_positions"] = c.maxPositions;
        d["parameters"] = card.info.parameters;
        d["dtype"] = card.info.storedDtype;
        d["config_hash"] = card.info.configHash;
        d["tokenizer"] = card.tokenizerKind;
        return d;
    }

    TokenizedText tokenized(const py::object& input, bool special) const {
        if (py::isinstance<py::str>(input)) {
            return take(m_shared->session.tokenize(input.cast<std::string>(), special));
        }
        return take(m_shared->session.fromIds(input.cast<std::vector<int>>()));
    }

    py::tuple tokenize(const std::string& s, bool special) const {
        TokenizedText t = take(m_shared->session.tokenize(s, special));
        emitWarnings(t.warnings);
        py::list texts;
        for (const Token& k : t.tokens) {
            texts.append(text(k.text));
        }
        return py::make_tuple(t.ids(), texts);
    }

    py::tuple attention(const py::object& input, bool special) {
        TokenizedText t = tokenized(input, special);
        emitWarnings(t.warnings);
        const std::vector<int> ids = t.ids();
        const ModelConfig& c = m_shared->session.modelCard()->config;
        const auto T = static_cast<py::ssize_t>(ids.size());
        py::array_t<float> out(
            {static_cast<py::ssize_t>(c.layers), static_cast<py::ssize_t>(c.heads), T, T});
        float* dst = out.mutable_data();
        const std::size_t layerFloats =
            static_cast<std::size_t>(c.heads) * static_cast<std::size_t>(T * T);
        auto r = callEngine([&](std::stop_token stop, const ProgressCallback& p) {
            return m_shared->session.forward(
                ids,
                [&](const LayerAttention& a) -> Status {
                    std::memcpy(dst + static_cast<std::size_t>(a.layer) * layerFloats, a.probs,
                                layerFloats * sizeof(float));
                    return {};
                },
                stop, p);
        });
        take(std::move(r));
        py::list texts;
        for (const Token& k : t.tokens) {
            texts.append(text(k.text));
        }
        return py::make_tuple(out, texts);
    }

    Analysis analyze(const py::object& input, const py::dict& settingValues, bool special,
                     const py::object& progress) {
        MethodSettings settings = settingsFrom(settingValues);
        TokenizedText t = tokenized(input, special);
        auto r = callEngine(
            [&](std::stop_token stop, const ProgressCallback& p) {
                return m_shared->session.analyzeTokens(t.tokens, t.warnings, settings, stop, p);
            },
            progress);
        return Analysis(m_shared, take(std::move(r)));
    }

    py::dict rescale(const Analysis& analysis, int layer, int head, double alpha,
                     const py::object& progress) {
        if (analysis.session() != m_shared) {
            raise(makeError(ErrorCode::InvalidArgument,
                            "The analysis was made by another model; rescale a text of this "
                            "model."));
        }
        auto r = callEngine(
            [&](std::stop_token stop, const ProgressCallback& p) {
                return m_shared->session.rescale(*analysis.snapshot(), layer, head, alpha, stop, p);
            },
            progress);
        auto s = take(std::move(r));
        py::dict d;
        d["layer"] = s->layer;
        d["head"] = s->head;
        d["alpha"] = s->alpha;
        d["tokens"] = s->tokens;
        d["subsampled_tokens"] = s->subsampledTokens;
        d["sensitivity"] = s->sensitivity;
        d["original"] = vectorArray(s->original);
        d["stretched"] = vectorArray(s->stretched);
        py::list oc, sc;
        for (const auto& c : s->originalCoefficients) {
            oc.append(vectorArray(c));
        }
        for (const auto& c : s->stretchedCoefficients) {
            sc.append(vectorArray(c));
        }
        d["original_coefficients"] = oc;
        d["stretched_coefficients"] = sc;
        return d;
    }

    Run run(const std::string& corpus, const py::dict& settingValues, const py::dict& options,
            const py::object& out, bool force, const py::object& progress) {
        RunSettings settings;
        settings.method = settingsFrom(settingValues);
        settings.corpus.maxSequences = options["sequences"].cast<int>();
        settings.corpus.minTokens = options["min_tokens"].cast<int>();
        settings.corpus.maxTokens = options["max_tokens"].cast<int>();
        settings.corpus.sample = options["sample"].cast<bool>();
        settings.corpus.sampleSeed = options["seed"].cast<std::uint64_t>();
        settings.corpus.format =
            take(parseCorpusFormat(options["corpus_format"].cast<std::string>()));
        if (settings.corpus.minTokens > settings.corpus.maxTokens) {
            raise(makeError(ErrorCode::InvalidArgument, "min_tokens must not exceed max_tokens."));
        }
        if (!options["shard"].is_none()) {
            settings.shard = take(parseShard(options["shard"].cast<std::string>()));
        }
        for (const auto& [l, h] : options["keep_heads"].cast<std::vector<std::pair<int, int>>>()) {
            settings.keepHeads.push_back(HeadRef{l, h});
        }
        settings.keepSequences = options["keep_sequences"].cast<std::vector<int>>();
        if (!settings.keepHeads.empty() && settings.keepSequences.empty()) {
            settings.keepSequences = {0};
        }
        settings.threads = m_shared->session.options().threads;
        settings.sequenceWorkers = options["sequence_workers"].cast<int>();
        settings.checks = m_shared->session.options().checks;
        std::string path;
        if (!out.is_none()) {
            path = py::str(py::module_::import("os").attr("fspath")(out)).cast<std::string>();
            if (!force && std::filesystem::exists(path)) {
                raise(makeError(ErrorCode::InvalidArgument,
                                "'" + path + "' already exists; use force=True to replace it."));
            }
        }
        auto r = callEngine(
            [&](std::stop_token stop, const ProgressCallback& p) -> Result<AnalysisPtr> {
                auto a = m_shared->session.runCorpus(corpus, settings, stop, p);
                if (a && !path.empty()) {
                    if (Status s = m_shared->session.saveResults(**a, path, std::nullopt, stop);
                        !s) {
                        return s.error();
                    }
                }
                return a;
            },
            progress);
        return Run(m_shared, take(std::move(r)));
    }

private:
    static void emitWarnings(const std::vector<Warning>& warnings) {
        for (const Warning& w : warnings) {
            PyErr_WarnEx(PyExc_UserWarning, w.text().c_str(), 2);
        }
    }

    std::shared_ptr<SharedSession> m_shared;
};

Run openRun(const std::string& path) {
    auto shared = std::make_shared<SharedSession>(sessionOptions(0, false, 1e-3));
    auto r = callEngine([&](std::stop_token, const ProgressCallback&) {
        return shared->session.openResults(path);
    });
    return Run(shared, take(std::move(r)));
}

}  // namespace

}  // namespace headwave::python

PYBIND11_MODULE(_headwave, m) {
    using namespace headwave;
    using namespace headwave::python;
    m.doc() = "The compiled part of the headwave package; use `import headwave`.";
    m.attr("__version__") = HEADWAVE_VERSION;
    addErrorTypes(m);

    py::class_<ProgressReport>(m, "Progress",
                               "A progress report: fraction of the whole in [0, 1], stage "
                               "('layers', 'forward', 'rescaled 0.5', ...), done and total items "
                               "(0 when not counted), seconds_left (-1 = unknown).")
        .def_readonly("fraction", &ProgressReport::fraction)
        .def_readonly("stage", &ProgressReport::stage)
        .def_readonly("done", &ProgressReport::done)
        .def_readonly("total", &ProgressReport::total)
        .def_readonly("seconds_left", &ProgressReport::secondsLeft)
        .def("__repr__", [](const ProgressReport& p) {
            return "Progress(fraction=" + std::to_string(p.fraction) + ", stage='" + p.stage +
                   "', done=" + std::to_string(p.done) + ", total=" + std::to_string(p.total) + ")";
        });

    py::class_<Analysis>(m, "Analysis",
                         "One analysed sequence: every head's metrics, profile and (on request) "
                         "spectrum and db2 coefficients. docs/method.md defines each number.")
        .def_property_readonly("metrics", &Analysis::metrics,
                               "float64 [layers, heads, C]: the columns of `columns`, in order "
                               "(NaN where undefined)")
        .def_property_readonly("columns", &Analysis::columns,
                               "[C] dicts {key, unit, description}: the metric keys of the "
                               "results file, with units")
        .def_property_readonly("profiles", &Analysis::profiles,
                               "float64 [layers, heads, T]: each head's profile a(t), sums to 1")
        .def("spectrum", &Analysis::spectrum, py::arg("layer"), py::arg("head"),
             "(frequency, power): float64 [n_fft/2 + 1] each; frequency r in [0, 1] "
             "(1 = Nyquist = 0.5 cycles per token), power = |X[k]|^2 of the windowed, padded "
             "profile")
        .def("coefficients", &Analysis::coefficients, py::arg("layer"), py::arg("head"),
             "[J + 1] float64 arrays: the db2 coefficients cA_J, cD_J, ..., cD_1 of the profile")
        .def("attention", &Analysis::attention, py::arg("layer"), py::arg("head"),
             "float32 [T, T]: the head's attention (rows = queries)")
        .def_property_readonly("tokens", &Analysis::tokens, "[T] token texts")
        .def_property_readonly("token_ids", &Analysis::tokenIds, "[T] token ids")
        .def_property_readonly("shape", &Analysis::shape, "(layers, heads, T)")
        .def_property_readonly("level", &Analysis::level, "the wavelet depth J used")
        .def_property_readonly("rho", &Analysis::rho,
                               "Pearson correlation of positional and spectral entropy over the "
                               "heads (NaN when undefined)")
        .def_property_readonly("settings", &Analysis::settings,
                               "the method settings used, under their JSON keys")
        .def_property_readonly("warnings", &Analysis::warnings, "problems repaired or tolerated")
        .def_property_readonly("source", &Analysis::source, "what was analysed");

    py::class_<Run>(m, "Run",
                    "A corpus run or a results file (.hwrun): per-sequence metrics, per-head "
                    "means and the run's description.")
        .def_property_readonly("metrics", &Run::metrics,
                               "float64 [sequences, layers, heads, C] (NaN where undefined)")
        .def_property_readonly("columns", &Run::columns, "[C] dicts {key, unit, description}")
        .def_property_readonly("head_mean", &Run::headMean,
                               "float64 [layers, heads, C]: mean over sequences")
        .def_property_readonly("head_std", &Run::headStd,
                               "float64 [layers, heads, C]: population std over sequences")
        .def_property_readonly("rho_head", &Run::rhoHead,
                               "float64 [layers, heads]: rho of each head over sequences (None "
                               "when pooled)")
        .def_property_readonly("rho_layer", &Run::rhoLayer, "float64 [layers]")
        .def_property_readonly("rho", &Run::rho, "rho of the model")
        .def_property_readonly("meta", &Run::meta,
                               "the run's description (the results file's meta: settings, "
                               "model, corpus, columns)")
        .def_property_readonly("sequence_index", &Run::sequenceIndex,
                               "[S] packed index of each sequence in the corpus")
        .def_property_readonly("token_counts", &Run::tokenCounts, "[S] tokens of each sequence")
        .def_property_readonly("token_ids", &Run::tokenIds,
                               "[S] int32 arrays: each sequence's token ids")
        .def_property_readonly("level", &Run::level, "the wavelet depth J of the run")
        .def_property_readonly("warnings", &Run::warnings, "the run's warnings")
        .def("spectrum", &Run::spectrum, py::arg("layer"), py::arg("head"),
             "(frequency, power) of a kept head's profile (keep_heads)")
        .def("coefficients", &Run::coefficients, py::arg("layer"), py::arg("head"),
             "db2 coefficients of a kept head's profile (keep_heads)")
        .def("save", &Run::save, py::arg("path"), py::arg("progress") = py::none(),
             "Writes the run as a results file (atomically).");

    py::class_<Model>(m, "_Model")
        .def(py::init<const std::string&, int, bool>(), py::arg("path"), py::arg("threads"),
             py::arg("require_tokenizer"))
        .def_property_readonly("config", &Model::config)
        .def("tokenize", &Model::tokenize, py::arg("text"), py::arg("special"))
        .def("attention", &Model::attention, py::arg("input"), py::arg("special"))
        .def("analyze", &Model::analyze, py::arg("input"), py::arg("settings"), py::arg("special"),
             py::arg("progress"))
        .def("rescale", &Model::rescale, py::arg("analysis"), py::arg("layer"), py::arg("head"),
             py::arg("alpha"), py::arg("progress"))
        .def("run", &Model::run, py::arg("corpus"), py::arg("settings"), py::arg("options"),
             py::arg("out"), py::arg("force"), py::arg("progress"));

    m.def("_analyze", &analyze, py::arg("sequences"), py::arg("settings"), py::arg("threads"),
          py::arg("renormalise_rows"), py::arg("row_sum_tolerance"), py::arg("labels"),
          py::arg("progress"));
    m.def("open_run", &openRun, py::arg("path"),
          "Opens a results file (.hwrun) written by headwave-cli analyze, the app or run().");
    m.def("setting_keys", &methodSettingKeys,
          "The method settings' names (docs/method.md, Settings at a glance).");
    m.def(
        "default_settings", [] { return parseJson(MethodSettings{}.toJson()); },
        "The method settings' defaults under their names.");
}
