// SPDX-License-Identifier: GPL-3.0-or-later
#include "headwave/run/attention_files.h"

#include <filesystem>
#include <optional>
#include <system_error>
#include <vector>

#include "headwave/core/mapped_file.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/sequence_analyzer.h"
#include "headwave/formats/token_sidecar.h"
#include "headwave/run/metrics_writer.h"

namespace headwave {

Result<ExternalAttention> openExternalAttention(const std::string& path,
                                                const ExternalAttentionOptions& options) {
    auto opened = openAttentionFile(path, options.file);
    if (!opened) {
        return opened.error();
    }
    ExternalAttention out;
    out.source = std::shared_ptr<AttentionSource>(std::move(opened).value());
    std::string sidecar = options.tokensPath;
    if (sidecar.empty()) {
        std::error_code ec;
        const std::string beside = tokenSidecarPath(path);
        if (!std::filesystem::exists(beside, ec)) {
            return out;
        }
        sidecar = beside;
    }
    Result<TokenSidecar> tokens = readTokenSidecar(sidecar);
    if (!tokens) {
        return tokens.error();
    }
    const int T = out.source->shape().tokens;
    if (static_cast<std::int64_t>(tokens->tokens.size()) != T) {
        return makeError(
            ErrorCode::InvalidInput,
            "The token sidecar '" + sidecar + "' names " + std::to_string(tokens->tokens.size()) +
                " tokens, but the attention in '" + path + "' is over " + std::to_string(T) +
                " tokens. Write the sidecar again for this attention, or move it "
                "away to see the positions 0, 1, ... instead.");
    }
    out.tokens = std::move(tokens->tokens);
    out.ids = std::move(tokens->ids);
    out.model = std::move(tokens->model);
    out.sidecarPath = sidecar;
    return out;
}

namespace {

namespace fs = std::filesystem;

// A shared source as a unique one (the run owns its sources).
class SharedSource final : public AttentionSource {
public:
    explicit SharedSource(std::shared_ptr<AttentionSource> s) : m_source(std::move(s)) {}
    AttentionShape shape() const override { return m_source->shape(); }
    std::string name() const override { return m_source->name(); }
    Result<LayerView> layer(int l) override { return m_source->layer(l); }
    std::vector<Warning> warnings() const override { return m_source->warnings(); }
    Status checkIntact() const override { return m_source->checkIntact(); }

private:
    std::shared_ptr<AttentionSource> m_source;
};

// Every file opened; the shapes must agree and the shortest sequence fixes the wavelet depth.
Result<std::vector<std::unique_ptr<AttentionSource>>> openAll(const std::vector<std::string>& paths,
                                                              const AttentionFileOptions& options) {
    std::vector<std::unique_ptr<AttentionSource>> sources;
    for (const std::string& path : paths) {
        ExternalAttentionOptions external;
        external.file = options;
        auto opened = openExternalAttention(path, external);
        if (!opened) {
            return opened.error();
        }
        std::unique_ptr<AttentionSource> src(new SharedSource(std::move(opened->source)));
        const AttentionShape shape = src->shape();
        if (!sources.empty()) {
            const AttentionShape first = sources.front()->shape();
            if (shape.layers != first.layers || shape.heads != first.heads) {
                return makeError(ErrorCode::InvalidAttention,
                                 "'" + path + "' has " + std::to_string(shape.layers) +
                                     " layers x " + std::to_string(shape.heads) + " heads but '" +
                                     sources.front()->name() + "' has " +
                                     std::to_string(first.layers) + " x " +
                                     std::to_string(first.heads) +
                                     "; analyse files of different models in separate runs.");
            }
        }
        sources.push_back(std::move(src));
    }
    return sources;
}

// The folders a run created for its output: removed again, deepest first and only while empty,
// unless the run succeeded (dismiss()), so that a failed run leaves no empty folder behind.
class CreatedFolders {
public:
    CreatedFolders() = default;
    CreatedFolders(const CreatedFolders&) = delete;
    CreatedFolders& operator=(const CreatedFolders&) = delete;
    ~CreatedFolders() {
        for (const fs::path& dir : m_dirs) {
            std::error_code ec;
            if (fs::is_empty(dir, ec) && !ec) {
                fs::remove(dir, ec);
            }
        }
    }
    // Records the missing folders of `dir` (itself and missing parents), before creating them.
    void recordMissing(const fs::path& dir) {
        std::error_code ec;
        for (fs::path p = fs::absolute(dir, ec); !ec && !p.empty() && !fs::exists(p, ec);
             p = p.parent_path()) {
            m_dirs.push_back(p);
            if (p == p.parent_path()) {
                break;
            }
        }
    }
    void dismiss() { m_dirs.clear(); }

private:
    std::vector<fs::path> m_dirs;  // deepest first
};

// The output folder, created when missing; existing outputs are refused unless forced.
Status prepareOutput(const AttentionFilesSettings& settings, AttentionFilesResult& result,
                     CreatedFolders& created) {
    const fs::path outDir = settings.outDir;
    std::error_code ec;
    created.recordMissing(outDir);
    fs::create_directories(outDir, ec);
    if (ec || !fs::is_directory(outDir)) {
        return makeError(ErrorCode::FileWrite,
                         "Cannot create the output folder '" + outDir.string() +
                             "'; choose a folder you can write to.",
                         ec.message());
    }
    result.metricsPath = (outDir / "metrics.csv").string();
    result.headsPath = (outDir / "heads.csv").string();
    result.summaryPath = (outDir / "summary.json").string();
    if (!settings.force) {
        for (const std::string& p : {result.metricsPath, result.headsPath, result.summaryPath}) {
            if (fs::exists(p)) {
                return makeError(ErrorCode::InvalidArgument,
                                 "'" + p +
                                     "' already exists; use --force to replace it or choose "
                                     "another --out folder.");
            }
        }
    }
    return {};
}

Status writeText(const std::string& path, const std::string& text) {
    return writeFileAtomically(path,
                               [&](std::FILE* f) { return writeAll(f, text.data(), text.size()); });
}

}  // namespace

Result<AttentionFilesResult> analyzeAttentionFiles(const std::vector<std::string>& paths,
                                                   const AttentionFilesSettings& settings,
                                                   std::stop_token stop,
                                                   const ProgressCallback& progress) {
    if (paths.empty()) {
        return makeError(ErrorCode::InvalidArgument, "Give at least one attention file.");
    }
    if (Status s = settings.method.validate(); !s) {
        return s.error();
    }
    auto opened = openAll(paths, settings.file);
    if (!opened) {
        return opened.error();
    }
    std::vector<std::unique_ptr<AttentionSource>>& sources = opened.value();
    int minTokens = sources.front()->shape().tokens;
    for (const auto& s : sources) {
        minTokens = std::min(minTokens, s->shape().tokens);
    }
    auto level = resolveWaveletLevel(settings.method, minTokens);
    if (!level) {
        return level.error();
    }
    AttentionFilesResult result;
    result.level = level.value();
    result.shape = sources.front()->shape();
    CreatedFolders created;
    if (Status s = prepareOutput(settings, result, created); !s) {
        return s.error();
    }

    const MetricLayout layout(settings.method, result.level);
    CorpusAggregator aggregator(layout, result.shape.layers, result.shape.heads,
                                settings.method.rho);
    RunDescription run;
    run.version = settings.version;
    run.settingsJson = settings.method.toJson();
    AnalyzerOptions options;
    options.threads = settings.threads;
    options.checks = settings.checks;
    SequenceAnalyzer analyzer(settings.method, result.level, options);
    const auto files = static_cast<double>(sources.size());

    // Errors of the analysis itself are reported as they are, not as write errors of the file.
    std::optional<Error> analysisError;
    Status written = writeFileAtomically(result.metricsPath, [&](std::FILE* f) -> Status {
        const std::string header = sequenceCsvHeader(layout);
        if (Status s = writeAll(f, header.data(), header.size()); !s) {
            return s;
        }
        for (std::size_t i = 0; i < sources.size(); ++i) {
            AttentionSource& src = *sources[i];
            const std::string name = src.name();
            auto metrics = analyzer.run(src, stop, [&](const Progress& p) {
                if (progress) {
                    progress({.fraction = (static_cast<double>(i) + p.fraction) / files,
                              .stage = name,
                              .done = static_cast<int>(i),
                              .total = static_cast<int>(sources.size())});
                }
            });
            if (!metrics) {
                analysisError = metrics.error();
                return metrics.error();
            }
            std::string rows;
            appendSequenceCsvRows(rows, layout, static_cast<int>(i), metrics.value());
            if (Status s = writeAll(f, rows.data(), rows.size()); !s) {
                return s;
            }
            if (Status s = aggregator.add(metrics.value()); !s) {
                analysisError = s.error();
                return s;
            }
            run.sources.push_back(name);
            result.sources.push_back(name);
            run.tokens.push_back(src.shape().tokens);
            for (Warning w : metrics->warnings) {
                w.sequence = static_cast<int>(i);
                run.warnings.push_back(name + ": " + w.message);
                result.warnings.push_back(std::move(w));
            }
            sources[i].reset();  // release this file's mapping as soon as it is done
        }
        return {};
    });
    if (!written) {
        return analysisError ? *analysisError : written.error();
    }
    result.summary = aggregator.summary();
    if (Status s = writeText(result.headsPath, headsCsv(*result.summary)); !s) {
        return s.error();
    }
    if (Status s = writeText(result.summaryPath, summaryJson(*result.summary, run)); !s) {
        return s.error();
    }
    created.dismiss();
    return result;
}

}  // namespace headwave
