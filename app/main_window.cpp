#include "app/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

#include "app/engine_controller.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/head_grid_view.h"

namespace headwave {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kLastModelKey = QStringLiteral("model/last");
const QString kLastDirKey = QStringLiteral("model/lastParent");
constexpr int kStateVersion = 1;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Headwave"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    m_engine = new EngineController(this);

    // The model and the text to analyse: a dock like the views, so the views get the space.
    auto* input = new QWidget(this);
    m_modelLabel = new QLabel(tr("No model. Open a Hugging Face model folder with File > Open "
                                 "model…"),
                              input);
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    m_modelLabel->setWordWrap(true);
    m_text = new QPlainTextEdit(input);
    m_text->setObjectName(QStringLiteral("textEdit"));
    m_text->setPlaceholderText(tr("Type a text to analyse, then press Analyze (Ctrl+Return)."));
    m_analyzeButton = new QPushButton(tr("Analyze"), input);
    m_analyzeButton->setObjectName(QStringLiteral("analyzeButton"));
    m_analyzeButton->setEnabled(false);
    m_analyzeButton->setToolTip(tr("Analyse every head on this text (Ctrl+Return)"));
    connect(m_analyzeButton, &QPushButton::clicked, this, &MainWindow::analyze);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_analyzeButton);
    auto* layout = new QVBoxLayout(input);
    layout->addWidget(m_modelLabel);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);

    // A few lines of text: the views below get the height.
    m_text->setMinimumHeight(48);
    m_text->setMaximumHeight(120);
    input->setMaximumHeight(200);
    m_inputDock = new QDockWidget(tr("Input"), this);
    m_inputDock->setObjectName(QStringLiteral("inputDock"));
    m_inputDock->setWidget(input);
    addDockWidget(Qt::TopDockWidgetArea, m_inputDock);

    // Views, each a dock.
    m_grid = new HeadGridView(this);
    m_grid->setObjectName(QStringLiteral("headGrid"));
    m_gridDock = new QDockWidget(tr("Head grid"), this);
    m_gridDock->setObjectName(QStringLiteral("headGridDock"));
    m_gridDock->setWidget(m_grid);
    addDockWidget(Qt::LeftDockWidgetArea, m_gridDock);

    m_heatmap = new AttentionHeatmapView(this);
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    m_heatmapDock = new QDockWidget(tr("Attention heatmap"), this);
    m_heatmapDock->setObjectName(QStringLiteral("heatmapDock"));
    m_heatmapDock->setWidget(m_heatmap);
    addDockWidget(Qt::RightDockWidgetArea, m_heatmapDock);

    // Status bar: progress with Cancel.
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_engine->cancelAnalysis();
        m_engine->cancelLoading();
        m_progress->setVisible(false);
        m_cancelButton->setVisible(false);
        statusBar()->showMessage(tr("Cancelled."), 3000);
    });
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->showMessage(tr("Ready."));

    connect(m_grid, &HeadGridView::headSelected, m_engine, &EngineController::requestAttention);
    connect(m_engine, &EngineController::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_engine, &EngineController::analysisReady, this, &MainWindow::onAnalysisReady);
    connect(m_engine, &EngineController::attentionReady, this, &MainWindow::onAttentionReady);
    connect(m_engine, &EngineController::progress, this, &MainWindow::onProgress);
    connect(m_engine, &EngineController::failed, this, &MainWindow::onFailed);

    createMenus();

    resize(1280, 800);
    resizeDocks({m_inputDock}, {150}, Qt::Vertical);
    resizeDocks({m_gridDock, m_heatmapDock}, {500, 780}, Qt::Horizontal);
    m_defaultState = saveState(kStateVersion);
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray(), kStateVersion);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open model…"), this, &MainWindow::chooseModel);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    QAction* run = analysis->addAction(tr("&Analyze"), this, &MainWindow::analyze);
    run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_inputDock->toggleViewAction());
    view->addAction(m_gridDock->toggleViewAction());
    view->addAction(m_heatmapDock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
}

void MainWindow::chooseModel() {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a Hugging Face model folder"), settings.value(kLastDirKey).toString());
    if (!dir.isEmpty()) {
        openModel(dir);
    }
}

void MainWindow::resetLayout() {
    restoreState(m_defaultState, kStateVersion);
    m_inputDock->show();
    m_gridDock->show();
    m_heatmapDock->show();
}

void MainWindow::openModel(const QString& dir) {
    m_modelLabel->setText(tr("Loading %1…").arg(dir));
    m_engine->openModel(dir);
}

void MainWindow::setText(const QString& text) {
    m_text->setPlainText(text);
}

void MainWindow::analyze() {
    if (!m_engine->hasModel()) {
        onFailed(tr("Open a model first (File > Open model…)."), {}, false);
        return;
    }
    const QString text = m_text->toPlainText();
    if (text.trimmed().isEmpty()) {
        onFailed(tr("The text is empty; type at least one word to analyse."), {}, false);
        return;
    }
    statusBar()->showMessage(tr("Analysing…"));
    m_engine->analyze(text);
}

void MainWindow::onModelLoaded(const std::shared_ptr<const ModelCard>& card) {
    const ModelConfig& c = card->config;
    m_modelLabel->setText(
        tr("<b>%1</b> — %2, %3 layers × %4 heads (%5 key/value heads), %6 "
           "parameters, %7, %8 positions, context %9 tokens; tokenizer: %10")
            .arg(QString::fromStdString(card->info.name),
                 QString::fromUtf8(toString(c.architecture)))
            .arg(c.layers)
            .arg(c.heads)
            .arg(c.kvHeads)
            .arg(QLocale().toString(static_cast<qulonglong>(card->info.parameters)),
                 QString::fromStdString(card->info.storedDtype),
                 QString::fromUtf8(toString(c.positional)))
            .arg(c.maxPositions)
            .arg(QString::fromStdString(card->tokenizerKind)));
    m_analyzeButton->setEnabled(true);
    m_grid->setMetrics(nullptr);
    m_heatmap->setAttention(nullptr);
    statusBar()->showMessage(tr("Model loaded."), 5000);
    QSettings settings;
    const QString dir = QString::fromStdString(card->dir);
    settings.setValue(kLastModelKey, dir);
    settings.setValue(kLastDirKey, QFileInfo(dir).absolutePath());
}

void MainWindow::onAnalysisReady(const std::shared_ptr<const AnalysisSnapshot>& snapshot) {
    m_grid->setMetrics(snapshot->metrics);
    // Keep the selected head when it exists in the new result, else start at the first head.
    if (m_grid->selectedLayer() < 0) {
        m_grid->setSelectedHead(0, 0);
    }
    m_engine->requestAttention(m_grid->selectedLayer(), m_grid->selectedHead());
    const AttentionShape& s = snapshot->metrics->shape;
    QString message = tr("%1 tokens, %2 layers × %3 heads, wavelet level %4.")
                          .arg(s.tokens)
                          .arg(s.layers)
                          .arg(s.heads)
                          .arg(snapshot->metrics->level);
    for (const std::string& w : snapshot->warnings) {
        message += QLatin1Char(' ') + QString::fromStdString(w);
    }
    statusBar()->showMessage(message);
}

void MainWindow::onAttentionReady(const std::shared_ptr<const HeadAttention>& attention) {
    m_heatmap->setAttention(attention);
}

void MainWindow::onProgress(const QString& kind, double fraction, const QString& stage,
                            bool finished) {
    Q_UNUSED(stage);
    if (kind == QLatin1String("attention")) {
        return;  // fast; a flashing bar would only distract
    }
    m_progress->setVisible(!finished);
    m_cancelButton->setVisible(!finished);
    m_progress->setValue(static_cast<int>(fraction * 1000.0));
}

void MainWindow::onFailed(const QString& message, const QString& detail, bool blocking) {
    if (blocking) {
        m_modelLabel->setText(tr("No model loaded."));
        // Window-modal and non-blocking: the event loop (and the engine's results) keep running.
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Headwave"), message, QMessageBox::Ok, this);
        box->setDetailedText(detail);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    statusBar()->showMessage(
        detail.isEmpty() ? message : message + QStringLiteral(" (") + detail + QLatin1Char(')'));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kStateVersion));
    QMainWindow::closeEvent(event);
}

}  // namespace headwave
