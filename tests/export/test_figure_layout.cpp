// SPDX-License-Identifier: GPL-3.0-or-later
// The figure set's text, checked by a machine: every figure of the set for runs of several shapes
// (1 layer x 1 head, 5 x 8, 32 x 32, and the 1-layer teaching patterns) at 50, 60, 85, 120 and
// 175 mm, as PDF; every word's box from `pdftotext -bbox` (poppler-utils) must lie on the page and
// overlap no other word's box. Prints a table of the defects per figure and width, and the
// defects themselves, so that a failure says where to look. From 85 mm up nothing is allowed; the
// defects left at 60 and 50 mm are expected failures (QEXPECT_FAIL), named where they are marked.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "app/export/figure_set.h"
#include "headwave/dsp/dwt.h"
#include "headwave/dsp/head_metrics.h"
#include "headwave/dsp/metric_layout.h"
#include "headwave/dsp/statistics.h"
#include "headwave/run/analysis_run.h"
#include "headwave/run/session.h"
#include "headwave/run/snapshots.h"

using namespace headwave;

namespace {

// A word of the PDF's text layer and its box, in points from the page's top left.
struct Word {
    QString text;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct Page {
    double width = 0, height = 0;
    std::vector<Word> words;
};

// The words of the first page, from `pdftotext -bbox` (an XHTML file with one <word> per word).
Page readWords(const QString& pdf) {
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    p.waitForFinished(60000);
    const QString xhtml = QString::fromUtf8(p.readAllStandardOutput());
    Page page;
    static const QRegularExpression pageRe(
        QStringLiteral(R"re(<page width="([\d.]+)" height="([\d.]+)">)re"));
    if (const auto m = pageRe.match(xhtml); m.hasMatch()) {
        page.width = m.captured(1).toDouble();
        page.height = m.captured(2).toDouble();
    }
    static const QRegularExpression wordRe(QStringLiteral(
        R"re(<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>)re"));
    for (auto it = wordRe.globalMatch(xhtml); it.hasNext();) {
        const auto m = it.next();
        page.words.push_back({m.captured(5), m.captured(1).toDouble(), m.captured(2).toDouble(),
                              m.captured(3).toDouble(), m.captured(4).toDouble()});
    }
    return page;
}

// Tolerance, in points: pdftotext's boxes span the font's ascent and descent, so lines of text set
// solid touch; 0.3 pt (0.1 mm) is far below anything a reader sees as touching.
constexpr double kEpsilonPt = 0.3;

// The defects of a page, as sentences: words that leave the page, pairs of words that overlap.
QStringList defects(const Page& page) {
    QStringList out;
    for (const Word& w : page.words) {
        if (w.x0 < -kEpsilonPt || w.y0 < -kEpsilonPt || w.x1 > page.width + kEpsilonPt ||
            w.y1 > page.height + kEpsilonPt) {
            out << QStringLiteral("'%1' leaves the page (%2,%3 .. %4,%5 on %6 x %7 pt)")
                       .arg(w.text)
                       .arg(w.x0, 0, 'f', 1)
                       .arg(w.y0, 0, 'f', 1)
                       .arg(w.x1, 0, 'f', 1)
                       .arg(w.y1, 0, 'f', 1)
                       .arg(page.width, 0, 'f', 1)
                       .arg(page.height, 0, 'f', 1);
        }
    }
    for (std::size_t i = 0; i < page.words.size(); ++i) {
        for (std::size_t j = i + 1; j < page.words.size(); ++j) {
            const Word& a = page.words[i];
            const Word& b = page.words[j];
            const double dx = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
            const double dy = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
            if (dx > kEpsilonPt && dy > kEpsilonPt) {
                out << QStringLiteral("'%1' overlaps '%2' by %3 x %4 pt")
                           .arg(a.text, b.text)
                           .arg(dx, 0, 'f', 1)
                           .arg(dy, 0, 'f', 1);
            }
        }
    }
    return out;
}

// A head's profile over T tokens: recency, a tone, an alternation or a sink by head, varied by
// layer, with deterministic jitter; normalised to sum 1.
std::vector<double> profile(int layer, int head, int T) {
    std::vector<double> a(static_cast<std::size_t>(T));
    double sum = 0;
    for (int t = 0; t < T; ++t) {
        const double x = t;
        double v = 0;
        switch ((head + layer) % 4) {
            case 0:
                v = std::exp(-(T - 1 - x) / (2.0 + 0.5 * layer + 0.3 * head));
                break;
            case 1:
                v = 1.0 + 0.8 * std::cos(2 * std::numbers::pi * (2 + (layer + head) % 9) * x / T);
                break;
            case 2:
                v = 1.0 + 0.4 * (t % 2 == 0 ? 1 : -1) + 0.2 * x / T;
                break;
            default:
                v = t == 0 ? 12.0 + layer : 1.0 / (1.0 + x);
                break;
        }
        v *= 1.0 + 0.3 * std::sin(1.7 * x * x + 3.0 * layer + 0.7 * head);
        a[static_cast<std::size_t>(t)] = v;
        sum += v;
    }
    for (double& v : a) {
        v /= sum;
    }
    return a;
}

// A corpus run of L x H heads over T tokens and 4 sequences, with every head's detail (so the
// spectra and scalograms are drawn), as `headwave-cli figures RUN` sees one.
std::shared_ptr<AnalysisSnapshot> run(int L, int H, int T) {
    auto s = std::make_shared<AnalysisSnapshot>();
    s->settings.alphas = {0.5, 0.25};
    const int level = dwtMaxLevel(T);
    auto m = std::make_shared<SequenceMetrics>();
    m->name = "synthetic";
    m->shape = {L, H, T};
    m->level = level;
    HeadAnalyzer analyzer(s->settings, level);
    std::vector<double> hp;
    std::vector<double> hs;
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            const std::vector<double> a = profile(l, h, T);
            HeadDetail detail;
            HeadMetrics x = analyzer.analyzeProfile(a.data(), T, &detail).value();
            x.localShare = std::clamp(0.9 - 0.05 * h + 0.01 * l, 0.05, 0.95);
            x.localGlobalRatio = x.localShare / (1 - x.localShare);
            x.scaleSensitivity = {0.01 * (l + 1) + 0.005 * h, 0.02 * (l + 1) + 0.01 * h};
            hp.push_back(x.positionalEntropy);
            hs.push_back(x.spectralEntropy);
            m->heads.push_back(x);
            s->details.push_back(detail);
        }
    }
    s->metrics = m;
    for (int t = 0; t < T; ++t) {
        Token tok;
        tok.id = 1000 + t;
        tok.text = "t" + std::to_string(t);
        s->tokens.push_back(tok);
    }
    auto r = std::make_shared<RunResult>();
    r->settings.method = s->settings;
    r->level = level;
    r->layout = MetricLayout(s->settings, level);
    r->model.name = "synthetic";
    r->model.layers = L;
    r->model.heads = H;
    const auto hpCol = static_cast<std::size_t>(r->layout.index("positional_entropy"));
    const auto hsCol = static_cast<std::size_t>(r->layout.index("spectral_entropy"));
    std::vector<double> row(r->layout.size());
    constexpr int kSequences = 4;
    for (int q = 0; q < kSequences; ++q) {
        r->sequenceIndex.push_back(q);
        r->tokens.push_back(T);
        const double d = q - 1.5;
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                r->layout.flatten(m->at(l, h), row.data());
                row[hpCol] += 0.04 * d * (h % 4 + 1);
                row[hsCol] -= 0.03 * d * (h % 3 + 1);
                r->metrics.insert(r->metrics.end(), row.begin(), row.end());
            }
        }
    }
    r->summary = aggregateMetrics(r->layout, L, H, RhoMode::PerHead, r->metrics);
    s->rho = r->summary->rhoModel;
    s->run = r;
    return s;
}

// "fig2_fig3_band_shares_layer12" -> "fig2_fig3_band_shares_layer*": one row per kind of figure.
QString kind(QString name) {
    static const QRegularExpression digits(QStringLiteral(R"(layer\d+|L\d+H\d+)"));
    return name.replace(digits, QStringLiteral("*"));
}

}  // namespace

class TestFigureLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
            QSKIP("pdftotext (poppler-utils) is not installed");
        }
    }

    void everyFigureFitsItsText_data() {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("heads");
        QTest::addRow("1x1") << 1 << 1;
        QTest::addRow("5x8") << 5 << 8;
        QTest::addRow("32x32") << 32 << 32;
        QTest::addRow("teaching") << 0 << 0;
    }

    void everyFigureFitsItsText() {
        QFETCH(int, layers);
        QFETCH(int, heads);
        AnalysisPtr snapshot;
        if (layers == 0) {
            Session session;
            auto teaching = session.analyzeTeachingPatterns(MethodSettings{});
            QVERIFY(teaching.ok());
            snapshot = teaching.value();
        } else {
            snapshot = run(layers, heads, 96);
        }
        const std::vector<double> widths = {50, 60, 85, 120, 175};
        std::map<QString, std::map<double, int>> table;  // kind -> width -> defects
        std::map<double, int> perWidth;                  // width -> defects
        QStringList examples;
        int total = 0;
        for (double width : widths) {
            QTemporaryDir dir;
            FigureSetOptions o;
            o.formats = {FigureFormat::Pdf};
            o.figure.widthMm = width;
            FigureSetResult r = writeFigureSet(snapshot, dir.path(), o);
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            for (const FigureSetEntry& e : r.entries) {
                const Page page = readWords(QDir(dir.path()).filePath(e.name + ".pdf"));
                QVERIFY2(page.width > 0, qPrintable(e.name));
                const QStringList found = defects(page);
                table[kind(e.name)][width] += static_cast<int>(found.size());
                perWidth[width] += static_cast<int>(found.size());
                total += static_cast<int>(found.size());
                for (const QString& d : found) {
                    if (examples.size() < 400) {
                        examples << QStringLiteral("%1 at %2 mm: %3").arg(e.name).arg(width).arg(d);
                    }
                }
            }
        }
        QString report =
            QStringLiteral("%1 defects\n%2").arg(total).arg(QStringLiteral("figure"), -40);
        for (double w : widths) {
            report += QStringLiteral("%1").arg(QStringLiteral("%1 mm").arg(w), 8);
        }
        for (const auto& [name, counts] : table) {
            report += QStringLiteral("\n%1").arg(name, -40);
            for (double w : widths) {
                const auto it = counts.find(w);
                report += QStringLiteral("%1").arg(it == counts.end() ? 0 : it->second, 8);
            }
        }
        qInfo().noquote() << report;
        for (const QString& e : examples) {
            qInfo().noquote() << "  " << e;
        }
        // From 85 mm (one column) up: not a single defect, for every shape.
        QCOMPARE(perWidth[85] + perWidth[120] + perWidth[175], 0);
        // Known and left: at 60 mm a band share of 100.0 % in the teaching patterns' spectrum
        // touches the tick labels of the power axis; at 50 mm the spectra's band shares run into
        // the frequency ticks and the wavelet-entropy colour bar is too short for its ticks and
        // title. Expected failures, so that a fix shows up as XPASS and the marks are removed.
        if (QByteArray(QTest::currentDataTag()) == "teaching") {
            QEXPECT_FAIL("", "teaching patterns at 60 mm: see above", Continue);
        }
        QCOMPARE(perWidth[60], 0);
        QEXPECT_FAIL("", "50 mm: spectra and wavelet entropy, see above", Continue);
        QCOMPARE(perWidth[50], 0);
    }
};

QTEST_MAIN(TestFigureLayout)
#include "test_figure_layout.moc"
