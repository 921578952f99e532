// SPDX-License-Identifier: GPL-3.0-or-later
// bench_app: the desktop app's interactive latencies (bench/README.md). Not a test: prints a table.
//
//   bench_app click              head click -> every view repainted, synthetic 32 x 32 heads,
//   T=512,
//                                median of 50, beside a bare QCustomPlot replot of the same data
//   bench_app compare            head click -> every view of a two-source comparison workspace
//                                repainted, synthetic 32 x 32 heads each, T=512, median of 50,
//                                beside bare QCustomPlots drawing the same data
//   bench_app slider MODEL_DIR   rescaling-slider updates per second on a real model (30 Hz for 3
//   s)
//   bench_app startup HEADWAVE   process start -> window exposed (`headwave
//                                --benchmark-startup`, the demo opening as it does by default),
//                                then -> the demo's analysis on screen with the longest GUI stall
//                                meanwhile; beside bench_bare_window (Qt only); 10 launches each
//
// Run offscreen (QT_QPA_PLATFORM=offscreen) or on a display.
#include <qcustomplot.h>
#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSlider>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "app/engine_controller.h"
#include "app/main_window.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/run/comparison.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/color_maps.h"
#include "widgets/comparison_view.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_view.h"
#include "widgets/rescaling_view.h"

using namespace headwave;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// 32 layers x 32 heads at T = 512: random causal-ish profiles through the engine's own
// HeadAnalyzer, so every detail array has its real size. `seed` makes another source.
std::shared_ptr<const AnalysisSnapshot> syntheticSnapshot(int layers, int heads, int T,
                                                          unsigned seed = 7) {
    auto snap = std::make_shared<AnalysisSnapshot>();
    snap->generation = 1;
    auto metrics = std::make_shared<SequenceMetrics>();
    metrics->name = "synthetic";
    metrics->shape = {layers, heads, T};
    const int level = dwtMaxLevel(T);
    metrics->level = level;
    HeadAnalyzer analyzer(snap->settings, level);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int i = 0; i < layers * heads; ++i) {
        std::vector<double> a(static_cast<std::size_t>(T));
        double sum = 0;
        const double decay = 0.001 + 0.05 * u(rng);
        for (int t = 0; t < T; ++t) {
            a[static_cast<std::size_t>(t)] = std::exp(-decay * t) * (0.5 + u(rng));
            sum += a[static_cast<std::size_t>(t)];
        }
        for (double& v : a) {
            v /= sum;
        }
        HeadDetail d;
        auto m = analyzer.analyzeProfile(a.data(), T, &d);
        metrics->heads.push_back(m ? m.value() : HeadMetrics{});
        metrics->profiles.push_back(a);
        snap->details.push_back(std::move(d));
    }
    for (int t = 0; t < T; ++t) {
        Token token;
        token.id = t % 500;
        token.text = "tok" + std::to_string(t);
        snap->tokens.push_back(std::move(token));
    }
    snap->metrics = std::move(metrics);
    return snap;
}

std::shared_ptr<const HeadAttention> syntheticAttention(int T, int layer, int head) {
    auto a = std::make_shared<HeadAttention>();
    a->layer = layer;
    a->head = head;
    a->tokens = T;
    a->probs.assign(static_cast<std::size_t>(T) * static_cast<std::size_t>(T), 0.0f);
    for (int q = 0; q < T; ++q) {
        for (int k = 0; k <= q; ++k) {
            a->probs[static_cast<std::size_t>(q * T + k)] = 1.0f / static_cast<float>(q + 1);
        }
    }
    for (int t = 0; t < T; ++t) {
        a->texts.push_back("tok" + std::to_string(t));
    }
    return a;
}

int benchClick() {
    constexpr int L = 32;
    constexpr int H = 32;
    constexpr int T = 512;
    constexpr int kRuns = 50;
    QElapsedTimer build;
    build.start();
    const auto snap = syntheticSnapshot(L, H, T);
    std::printf("synthetic snapshot %d x %d heads, T = %d: %.0f ms to build\n", L, H, T,
                static_cast<double>(build.elapsed()));

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    window.headGrid()->setSnapshot(snap);
    for (HeadView* v : window.views()) {
        v->setSnapshot(snap);
    }
    // One attention per head: the heatmap is part of "every view" (the app fetches it after the
    // click; here it is ready, so the measurement is the drawing alone).
    std::vector<std::shared_ptr<const HeadAttention>> attention;
    for (int i = 0; i < 4; ++i) {
        attention.push_back(syntheticAttention(T, i, i));
    }
    QApplication::processEvents();
    // Every plot that is shown (tabbed-away docks are not painted, as in the app).
    QList<QCustomPlot*> plots;
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        if (plot->isVisible()) {
            plots.push_back(plot);
        }
    }
    std::printf("window: %lld plots shown, %zu linked views\n",
                static_cast<long long>(plots.size()), window.views().size());

    std::vector<double> app;
    for (int i = 0; i < kRuns; ++i) {
        const int layer = (i * 7) % L;
        const int head = (i * 13) % H;
        QElapsedTimer t;
        t.start();
        // What a click does in the window (MainWindow::selectHead), minus the engine requests,
        // then every plot replotted and every widget repainted now.
        window.headGrid()->setSelectedHead(layer, head);
        for (HeadView* v : window.views()) {
            v->setSelectedHead(layer, head);
        }
        window.heatmap()->setAttention(attention[static_cast<std::size_t>(i % 4)]);
        for (QCustomPlot* plot : plots) {
            plot->replot(QCustomPlot::rpImmediateRefresh);
        }
        window.repaint();
        app.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }

    // The peer: bare QCustomPlots drawing the same data (the grid's 32 x 32 map, the 512 x 512
    // attention map, the head's spectrum and profile) with nothing of the app around them.
    QWidget peer;
    auto* layout = new QGridLayout(&peer);
    auto* gridPlot = new QCustomPlot(&peer);
    auto* heatPlot = new QCustomPlot(&peer);
    auto* linePlot = new QCustomPlot(&peer);
    layout->addWidget(gridPlot, 0, 0);
    layout->addWidget(heatPlot, 0, 1);
    layout->addWidget(linePlot, 1, 0, 1, 2);
    auto* gridMap = new QCPColorMap(gridPlot->xAxis, gridPlot->yAxis);
    gridMap->data()->setSize(H, L);
    gridMap->data()->setRange(QCPRange(0, H - 1), QCPRange(0, L - 1));
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            gridMap->data()->setCell(h, l, snap->metrics->at(l, h).bandLow);
        }
    }
    gridMap->setGradient(colorGradient(ColorMap::Viridis));
    gridMap->rescaleDataRange();
    gridPlot->rescaleAxes();
    auto* heatMap = new QCPColorMap(heatPlot->xAxis, heatPlot->yAxis);
    heatMap->data()->setSize(T, T);
    heatMap->data()->setRange(QCPRange(0, T - 1), QCPRange(0, T - 1));
    heatMap->setGradient(colorGradient(ColorMap::Viridis));
    QCPGraph* spectrum = linePlot->addGraph();
    QCPGraph* profile = linePlot->addGraph();
    peer.resize(1600, 1000);
    peer.show();
    QApplication::processEvents();
    std::vector<double> bare;
    for (int i = 0; i < kRuns; ++i) {
        const int layer = (i * 7) % L;
        const int head = (i * 13) % H;
        QElapsedTimer t;
        t.start();
        const HeadAttention& a = *attention[static_cast<std::size_t>(i % 4)];
        for (int q = 0; q < T; ++q) {
            for (int k = 0; k < T; ++k) {
                heatMap->data()->setCell(
                    k, T - 1 - q,
                    static_cast<double>(a.probs[static_cast<std::size_t>(q * T + k)]));
            }
        }
        heatMap->rescaleDataRange();
        const HeadDetail& d = *snap->detail(layer, head);
        spectrum->setData(QVector<double>(d.frequency.begin(), d.frequency.end()),
                          QVector<double>(d.power.begin(), d.power.end()), true);
        QVector<double> x(T);
        for (int k = 0; k < T; ++k) {
            x[k] = k;
        }
        profile->setData(x, QVector<double>(d.profile.begin(), d.profile.end()), true);
        linePlot->rescaleAxes();
        gridPlot->replot(QCustomPlot::rpImmediateRefresh);
        heatPlot->replot(QCustomPlot::rpImmediateRefresh);
        linePlot->replot(QCustomPlot::rpImmediateRefresh);
        peer.repaint();
        bare.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    const double a = median(app);
    const double b = median(bare);
    std::printf(
        "| click -> every view repainted | %.1f ms | peer: bare QCustomPlot "
        "%.1f ms | ratio %.2f |\n",
        a, b, a / b);
    return 0;
}

// A selection in the comparison workspace of two 32 x 32 sources (T = 512): the grids' frames, the
// scatter's rings and both sources' spectra of the new head, every plot replotted and the window
// repainted. The peer: bare QCustomPlots drawing the same data (three 32 x 32 colour maps, the
// band shares of both sources, both scatters, both spectra) with nothing of the app around them.
int benchCompare() {
    constexpr int L = 32;
    constexpr int H = 32;
    constexpr int T = 512;
    constexpr int kRuns = 50;
    const auto a = syntheticSnapshot(L, H, T, 7);
    const auto b = syntheticSnapshot(L, H, T, 11);
    QElapsedTimer build;
    build.start();
    auto comparison = compareAnalyses({{"A", a}, {"B", b}});
    if (!comparison) {
        std::fprintf(stderr, "bench_app: %s\n", comparison.error().message.c_str());
        return 1;
    }
    std::printf("comparison of two %d x %d sources: %.1f ms in the engine\n", L, H,
                static_cast<double>(build.nsecsElapsed()) / 1e6);
    const ComparisonPtr c = comparison.value();

    ComparisonView view;
    view.resize(1600, 1000);
    view.setComparison(c);
    view.show();
    QApplication::processEvents();
    const QList<QCustomPlot*> plots = view.findChildren<QCustomPlot*>();
    std::printf("workspace: %lld plots\n", static_cast<long long>(plots.size()));
    std::vector<double> app;
    for (int i = 0; i < kRuns; ++i) {
        const int layer = (i * 7) % L;
        const int head = (i * 13) % H;
        QElapsedTimer t;
        t.start();
        // What a click on a grid does (ComparisonView::onGridPress), then the whole window
        // repainted now.
        view.setSelectedHead(layer, head);
        view.replotSelection();
        view.repaint();
        app.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }

    QWidget peer;
    auto* layout = new QGridLayout(&peer);
    std::vector<QCustomPlot*> peerPlots;
    for (int i = 0; i < 6; ++i) {
        peerPlots.push_back(new QCustomPlot(&peer));
        layout->addWidget(peerPlots.back(), i / 3, i % 3);
    }
    const int metric = c->metricIndex("spectral_entropy");
    for (int g = 0; g < 3; ++g) {
        auto* map = new QCPColorMap(peerPlots[static_cast<std::size_t>(g)]->xAxis,
                                    peerPlots[static_cast<std::size_t>(g)]->yAxis);
        map->data()->setSize(H, L);
        map->data()->setRange(QCPRange(0, H - 1), QCPRange(0, L - 1));
        const std::vector<double>& v = g < 2 ? c->grid(metric, g) : c->difference(metric, 1);
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                map->data()->setCell(h, l, v[static_cast<std::size_t>(l * H + h)]);
            }
        }
        map->setGradient(colorGradient(g < 2 ? ColorMap::Viridis : ColorMap::Diverging));
        map->rescaleDataRange();
        peerPlots[static_cast<std::size_t>(g)]->rescaleAxes();
    }
    QVector<double> layers(L);
    for (int l = 0; l < L; ++l) {
        layers[l] = l;
    }
    for (int s = 0; s < 2; ++s) {
        for (int band = 0; band < 3; ++band) {
            const auto& m =
                c->bandMean[static_cast<std::size_t>(s)][static_cast<std::size_t>(band)];
            peerPlots[3]->addGraph()->setData(layers, QVector<double>(m.begin(), m.end()), true);
        }
        QVector<double> x, y;
        for (const HeadMetrics& hm :
             c->sources[static_cast<std::size_t>(s)].analysis->metrics->heads) {
            x.push_back(hm.positionalEntropy);
            y.push_back(hm.spectralEntropy);
        }
        QCPGraph* scatter = peerPlots[4]->addGraph();
        scatter->setLineStyle(QCPGraph::lsNone);
        scatter->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        scatter->setData(x, y);
    }
    peerPlots[3]->rescaleAxes();
    peerPlots[4]->rescaleAxes();
    QCPGraph* spectrumA = peerPlots[5]->addGraph();
    QCPGraph* spectrumB = peerPlots[5]->addGraph();
    peerPlots[5]->yAxis->setScaleType(QCPAxis::stLogarithmic);
    peer.resize(1600, 1000);
    peer.show();
    QApplication::processEvents();
    std::vector<double> bare;
    for (int i = 0; i < kRuns; ++i) {
        const int layer = (i * 7) % L;
        const int head = (i * 13) % H;
        QElapsedTimer t;
        t.start();
        for (auto [graph, src] : {std::pair{spectrumA, a.get()}, std::pair{spectrumB, b.get()}}) {
            const HeadDetail& d = *src->detail(layer, head);
            graph->setData(QVector<double>(d.frequency.begin(), d.frequency.end()),
                           QVector<double>(d.power.begin(), d.power.end()), true);
        }
        peerPlots[5]->rescaleAxes();
        for (QCustomPlot* plot : peerPlots) {
            plot->replot(QCustomPlot::rpImmediateRefresh);
        }
        peer.repaint();
        bare.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    const double appMs = median(app);
    const double bareMs = median(bare);
    std::printf(
        "| selection -> every view of the two-source workspace repainted | %.1f ms | peer: bare "
        "QCustomPlot %.1f ms | ratio %.2f |\n",
        appMs, bareMs, appMs / bareMs);
    return 0;
}

int benchSlider(const QString& model) {
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    window.openModel(model);
    QElapsedTimer wait;
    wait.start();
    while (!window.engine()->hasModel() && wait.elapsed() < 30000) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    if (!window.engine()->hasModel()) {
        std::fprintf(stderr, "bench_app: the model did not load\n");
        return 1;
    }
    QString text;
    for (int i = 0; i < 6; ++i) {
        text += QStringLiteral(
            "Once upon a time, there was a little girl named Lily. She loved to "
            "play outside in the sunshine with her friends. ");
    }
    window.setText(text);
    window.analyze();
    while (!window.engine()->analysis() && wait.elapsed() < 60000) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    if (!window.engine()->analysis()) {
        std::fprintf(stderr, "bench_app: the analysis did not finish\n");
        return 1;
    }
    const int T = window.engine()->analysis()->metrics->shape.tokens;
    window.selectHead(2, 3);
    int delivered = 0;
    QElapsedTimer t;
    // Connected after the window's own slot (which hands the result to the RescalingView).
    QObject::connect(window.engine(), &EngineController::rescaleReady, &window, [&] {
        ++delivered;
        window.rescaling()->plot()->replot(QCustomPlot::rpImmediateRefresh);
        window.rescaling()->repaint();
    });
    QSlider* slider = window.rescaling()->slider();
    QObject::connect(window.engine(), &EngineController::failed, &window,
                     [](const QString& message, const QString& detail, bool) {
                         std::fprintf(stderr, "bench_app: %s %s\n", qPrintable(message),
                                      qPrintable(detail));
                     });
    QObject::connect(window.engine(), &EngineController::progress, &window,
                     [&](const QString& kind, double f, const QString&, bool finished) {
                         if (std::getenv("HEADWAVE_BENCH_VERBOSE")) {
                             std::fprintf(stderr, "%lld ms: %s %.2f %d\n",
                                          static_cast<long long>(t.elapsed()), qPrintable(kind), f,
                                          finished ? 1 : 0);
                         }
                     });
    int sent = 0;
    QTimer timer;
    timer.setInterval(33);  // 30 Hz
    QObject::connect(&timer, &QTimer::timeout, &window, [&] {
        // A drag from 0.95 down to 0.3 and back.
        const double phase = std::fmod(sent / 45.0, 2.0);
        const double alpha = 0.95 - 0.65 * (phase < 1 ? phase : 2 - phase);
        // As a drag does: the slider's value, then RescalingView::alphaChanged -> the window.
        slider->setValue(slider->minimum() +
                         static_cast<int>(std::lround((alpha - RescalingView::kMinAlpha) /
                                                      RescalingView::kAlphaStep)));
        ++sent;
    });
    t.start();
    timer.start();
    while (t.elapsed() < 3000) {
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    timer.stop();
    const double seconds = static_cast<double>(t.elapsed()) / 1000.0;
    std::printf(
        "| slider updates (stories260K, T = %d, 30 Hz for 3 s) | %d sent, %d delivered and "
        "repainted | %.1f updates/s |\n",
        T, sent, delivered, delivered / seconds);
    return 0;
}

struct Launch {
    double fromMain = 0;       // main() -> window exposed, ms
    double fromProcess = 0;    // process start -> window exposed, ms (10 ms resolution)
    double wall = 0;           // QProcess start -> exit, ms
    double analyzed = -1;      // main() -> the demo's analysis on screen, ms; -1 without one
    double longestStall = -1;  // longest gap of a 5 ms GUI timer while the demo loaded, ms
};

// One launch of `program args`; false (with a message) when it fails or prints no start-up line.
bool launch(const QString& program, const QStringList& args, Launch& out) {
    static const QRegularExpression exposed(
        QStringLiteral("main\\(\\) to window exposed ([0-9.]+) ms; process "
                       "start to window exposed ([0-9.-]+) ms"));
    static const QRegularExpression analyzedPattern(
        QStringLiteral("main\\(\\) to first analysis on screen ([0-9.]+) ms; longest GUI stall "
                       "meanwhile ([0-9.]+) ms"));
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        std::fprintf(stderr, "bench_app: %s did not finish\n", qPrintable(program));
        return false;
    }
    out.wall = static_cast<double>(t.nsecsElapsed()) / 1e6;
    const QString text = QString::fromLocal8Bit(p.readAllStandardOutput());
    const auto m = exposed.match(text);
    if (!m.hasMatch()) {
        std::fprintf(stderr, "bench_app: no start-up line from %s: %s\n", qPrintable(program),
                     qPrintable(text));
        return false;
    }
    out.fromMain = m.captured(1).toDouble();
    out.fromProcess = m.captured(2).toDouble();
    if (const auto a = analyzedPattern.match(text); a.hasMatch()) {
        out.analyzed = a.captured(1).toDouble();
        out.longestStall = a.captured(2).toDouble();
    }
    return true;
}

// headwave and the peer launched alternately, 10 times each, so both see the same load.
int benchStartup(const QString& headwave) {
    const QString peer =
        QCoreApplication::applicationDirPath() + QStringLiteral("/bench_bare_window");
    std::vector<double> mainMs, processMs, wallMs, analyzedMs, stallMs;
    std::vector<double> peerMain, peerProcess, peerWall;
    for (int i = 0; i < 10; ++i) {
        Launch h;
        Launch b;
        if (!launch(headwave, {QStringLiteral("--benchmark-startup")}, h) || !launch(peer, {}, b)) {
            return 1;
        }
        mainMs.push_back(h.fromMain);
        processMs.push_back(h.fromProcess);
        wallMs.push_back(h.wall);
        if (h.analyzed >= 0) {
            analyzedMs.push_back(h.analyzed);
            stallMs.push_back(h.longestStall);
        }
        peerMain.push_back(b.fromMain);
        peerProcess.push_back(b.fromProcess);
        peerWall.push_back(b.wall);
    }
    std::printf(
        "| launch -> usable window (median of 10) | main() to exposed %.0f ms | process start to "
        "exposed %.0f ms | start to exit (wall, incl. teardown) %.0f ms |\n",
        median(mainMs), median(processMs), median(wallMs));
    std::printf(
        "| peer: bare Qt window, docks, QCustomPlot (median of 10) | main() to exposed %.0f ms | "
        "process start to exposed %.0f ms | start to exit %.0f ms |\n",
        median(peerMain), median(peerProcess), median(peerWall));
    std::printf(
        "| ratio headwave / peer | main() to exposed %.2f | process start to exposed %.2f "
        "| start to exit %.2f |\n",
        median(mainMs) / median(peerMain), median(processMs) / median(peerProcess),
        median(wallMs) / median(peerWall));
    if (!analyzedMs.empty()) {
        std::printf(
            "| demo opened at start (median of %zu) | main() to its analysis on screen %.0f ms | "
            "longest GUI stall meanwhile %.0f ms (max %.0f) |\n",
            analyzedMs.size(), median(analyzedMs), median(stallMs),
            *std::max_element(stallMs.begin(), stallMs.end()));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HeadwaveBench"));
    QApplication::setApplicationName(QStringLiteral("HeadwaveBench"));
    const QStringList args = QApplication::arguments();
    const QString mode = args.size() > 1 ? args[1] : QString();
    if (mode == QLatin1String("click")) {
        return benchClick();
    }
    if (mode == QLatin1String("compare")) {
        return benchCompare();
    }
    if (mode == QLatin1String("slider") && args.size() > 2) {
        return benchSlider(args[2]);
    }
    if (mode == QLatin1String("startup") && args.size() > 2) {
        return benchStartup(args[2]);
    }
    std::fprintf(stderr,
                 "usage: bench_app click | compare | slider MODEL_DIR | startup HEADWAVE_BINARY\n");
    return 2;
}
