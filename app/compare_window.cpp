// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compare_window.h"

#include <qcustomplot.h>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStatusBar>
#include <QVBoxLayout>
#include <algorithm>

#include "app/engine_controller.h"
#include "app/export/figure_exporter.h"
#include "headwave/run/report_tables.h"
#include "widgets/comparison_view.h"
#include "widgets/empty_state.h"

namespace headwave {

namespace {

QString kindText(const AnalysisSnapshot& a) {
    switch (a.kind) {
        case AnalysisKind::Text:
            return CompareWindow::tr("a text analysed by a model");
        case AnalysisKind::TeachingPatterns:
            return CompareWindow::tr("the teaching patterns");
        case AnalysisKind::Attention:
            return CompareWindow::tr("an attention file");
        case AnalysisKind::Run:
            return CompareWindow::tr("a corpus run or results file");
    }
    return {};
}

}  // namespace

CompareWindow::CompareWindow(EngineController* engine, std::function<AnalysisPtr()> currentAnalysis,
                             QWidget* parent)
    : QMainWindow(parent), m_engine(engine), m_currentAnalysis(std::move(currentAnalysis)) {
    setWindowTitle(tr("Compare sources — Headwave"));
    setObjectName(QStringLiteral("compareWindow"));

    m_view = new ComparisonView(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("compareMessage"));
    m_message->setWordWrap(true);
    m_message->setMargin(8);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    setCentralWidget(central);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("compareSources"));
    auto* addCurrent = new QPushButton(tr("Add the current analysis"), this);
    auto* addFile = new QPushButton(tr("Add results or attention files…"), this);
    m_removeButton = new QPushButton(tr("Remove"), this);
    connect(addCurrent, &QPushButton::clicked, this, [this] { addCurrentAnalysis(); });
    connect(addFile, &QPushButton::clicked, this, &CompareWindow::chooseSourceFiles);
    connect(m_removeButton, &QPushButton::clicked, this,
            [this] { removeSource(m_list->currentRow()); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { updateButtons(); });
    auto* panel = new QWidget(this);
    auto* panelLayout = new QVBoxLayout(panel);
    panelLayout->addWidget(new QLabel(tr("Sources (the first is A; differences are to A)"), panel));
    panelLayout->addWidget(m_list, 1);
    panelLayout->addWidget(addCurrent);
    panelLayout->addWidget(addFile);
    panelLayout->addWidget(m_removeButton);
    auto* dock = new QDockWidget(tr("Sources"), this);
    dock->setObjectName(QStringLiteral("compareSourcesDock"));
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Add the &current analysis"), this, [this] { addCurrentAnalysis(); });
    file->addAction(tr("Add &results or attention files…"), this,
                    &CompareWindow::chooseSourceFiles);
    file->addSeparator();
    file->addAction(tr("&Export figure set…"), this, &CompareWindow::chooseExportFolder);
    file->addSeparator();
    file->addAction(tr("&Close"), this, &QWidget::close)->setShortcut(QKeySequence::Close);

    connect(m_engine, &EngineController::comparisonReady, this,
            [this](ComparisonPtr comparison, quint64 request) {
                if (request != m_request) {
                    return;
                }
                m_request = 0;
                m_view->setComparison(std::move(comparison));
                showMessage({});
                Q_EMIT comparisonShown();
            });
    connect(m_engine, &EngineController::compareSourceReady, this,
            [this](AnalysisPtr analysis, const QString& path, quint64 request) {
                const auto it = std::find(m_opening.begin(), m_opening.end(), request);
                if (it == m_opening.end()) {
                    return;
                }
                m_opening.erase(it);
                addSource(QFileInfo(path).completeBaseName(), std::move(analysis));
            });
    connect(
        m_engine, &EngineController::failed, this,
        [this](const QString& message, const QString&, bool, quint64 request, const QString& kind) {
            if (kind == QLatin1String(kJobCompareSource)) {
                const auto it = std::find(m_opening.begin(), m_opening.end(), request);
                if (it != m_opening.end()) {
                    m_opening.erase(it);
                    showMessage(message);
                }
            } else if (kind == QLatin1String(kJobCompare) && request == m_request) {
                // No comparison rather than a stale one beside the new sources.
                m_request = 0;
                m_view->setComparison(nullptr);
                showMessage(message);
            }
        });
    connect(m_view, &ComparisonView::headSelected, this, [this](int layer, int head) {
        statusBar()->showMessage(
            tr("Head %1:%2 of %3")
                .arg(layer)
                .arg(head)
                .arg(m_sources.empty() ? QString()
                                       : QString::fromStdString(m_sources.front().label)),
            4000);
    });
    resize(1500, 1000);
    requestComparison();
    updateButtons();
}

CompareWindow::~CompareWindow() = default;

QString CompareWindow::message() const {
    return m_messageText;
}

void CompareWindow::showMessage(const QString& text) {
    // Without a comparison the sentence covers the views (no empty axes that look like data);
    // beside a comparison it is a line above them.
    m_messageText = text;
    const bool shown = m_view->comparison() != nullptr;
    EmptyState::set(m_view, shown ? QString() : text);
    m_message->setText(text);
    m_message->setVisible(shown && !text.isEmpty());
}

void CompareWindow::updateButtons() {
    m_removeButton->setEnabled(m_list->currentRow() >= 0);
}

void CompareWindow::addSource(const QString& label, AnalysisPtr analysis) {
    // A label is unique in the list, so that legends and tables can tell sources apart.
    QString unique = label.isEmpty() ? tr("source") : label;
    for (int n = 2;; ++n) {
        const bool taken = std::any_of(m_sources.begin(), m_sources.end(), [&](const auto& s) {
            return QString::fromStdString(s.label) == unique;
        });
        if (!taken) {
            break;
        }
        unique = QStringLiteral("%1 (%2)").arg(label).arg(n);
    }
    auto* item = new QListWidgetItem(unique, m_list);
    if (analysis) {
        item->setToolTip(analysis->metrics ? tr("%1: %2, %3 layers × %4 heads")
                                                 .arg(QString::fromStdString(analysis->sourceName),
                                                      kindText(*analysis))
                                                 .arg(analysis->metrics->shape.layers)
                                                 .arg(analysis->metrics->shape.heads)
                                           : kindText(*analysis));
    }
    m_sources.push_back({unique.toStdString(), std::move(analysis)});
    requestComparison();
}

bool CompareWindow::addCurrentAnalysis() {
    AnalysisPtr analysis = m_currentAnalysis ? m_currentAnalysis() : nullptr;
    if (!analysis) {
        showMessage(
            tr("There is no analysis to add yet: analyse a text, open an attention file "
               "or a results file in the main window first."));
        return false;
    }
    for (const ComparisonSource& s : m_sources) {
        if (s.analysis == analysis) {
            showMessage(tr("This analysis is already a source of the comparison."));
            return false;
        }
    }
    // A model's folder with its parent ("rope/step-0512"): checkpoints and twins share names.
    QString label = QString::fromStdString(analysis->sourceName);
    if (analysis->model && !analysis->model->dir.empty()) {
        const QFileInfo dir(QString::fromStdString(analysis->model->dir));
        label = dir.dir().dirName() + QLatin1Char('/') + dir.fileName();
    }
    addSource(label, std::move(analysis));
    return true;
}

void CompareWindow::addSourceFile(const QString& path) {
    m_opening.push_back(m_engine->openCompareSource(path));
}

void CompareWindow::chooseSourceFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add results or attention files"), QString(),
        tr("Results and attention (*.hwrun *.npy *.npz *.safetensors);;All files (*)"));
    for (const QString& p : paths) {
        addSourceFile(p);
    }
}

void CompareWindow::removeSource(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_sources.size()) {
        return;
    }
    m_sources.erase(m_sources.begin() + index);
    delete m_list->takeItem(index);
    requestComparison();
    updateButtons();
}

void CompareWindow::requestComparison() {
    if (m_sources.size() < 2) {
        m_request = 0;
        m_view->setComparison(nullptr);
        showMessage(m_sources.empty()
                        ? tr("Add two or more sources: the current analysis of the main window "
                             "(a model's text, a checkpoint, a positional twin, an attention "
                             "file) or results files.")
                        : tr("Add one more source to compare with '%1'.")
                              .arg(QString::fromStdString(m_sources.front().label)));
        return;
    }
    showMessage(tr("Comparing…"));
    m_request = m_engine->requestComparison(m_sources);
}

void CompareWindow::chooseExportFolder() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Export figure set into a folder"));
    if (folder.isEmpty()) {
        return;
    }
    const QString error = exportFigureSetTo(folder);
    if (error.isEmpty()) {
        statusBar()->showMessage(tr("Figure set written to %1").arg(folder), 6000);
    } else {
        QMessageBox::warning(this, tr("Export figure set"), error);
    }
}

QString CompareWindow::exportFigureSetTo(const QString& folder) {
    const ComparisonPtr& c = m_view->comparison();
    if (!c) {
        return tr("There is no comparison to export yet; add two or more sources.");
    }
    if (!QDir().mkpath(folder)) {
        return tr("Cannot create the folder %1; choose another one.").arg(folder);
    }
    const QDir dir(folder);
    for (const auto& [stem, plot] : m_view->figures()) {
        // Two columns wide: the titles name the sources; the band shares stack three panels.
        FigureOptions options;
        options.titles = true;
        options.widthMm = FigureOptions::kTwoColumnMm;
        options.heightMm = stem == QLatin1String("band_shares") ? 170.0 : 120.0;
        for (const FigureFormat format : {FigureFormat::Pdf, FigureFormat::Png}) {
            const QString path = dir.filePath(stem + QLatin1Char('.') + figureFormatSuffix(format));
            if (QString error = exportFigure(plot, path, format, options); !error.isEmpty()) {
                return error;
            }
        }
    }
    for (const Table& t : c->exportTables) {
        QSaveFile file(dir.filePath(QString::fromStdString(t.id) + QStringLiteral(".csv")));
        const std::string csv = toCsv(t);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(csv.data(), static_cast<qint64>(csv.size())) !=
                static_cast<qint64>(csv.size()) ||
            !file.commit()) {
            return tr("Cannot write %1: %2").arg(file.fileName(), file.errorString());
        }
    }
    return {};
}

}  // namespace headwave
