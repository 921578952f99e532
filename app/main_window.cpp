// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/main_window.h"

#include <qcustomplot.h>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QJsonObject>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTextCursor>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>
#include <QWhatsThis>
#include <algorithm>
#include <cmath>

#include "app/app_state.h"
#include "app/compare_window.h"
#include "app/demo.h"
#include "app/engine_controller.h"
#include "app/export/export_actions.h"
#include "app/hub_cache_dialog.h"
#include "app/log_panel.h"
#include "app/model_card_panel.h"
#include "app/recent_models.h"
#include "app/settings_panel.h"
#include "app/translations.h"
#include "headwave/model/hub_cache.h"
#include "headwave/run/library_versions.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/band_power_view.h"
#include "widgets/comparison_view.h"
#include "widgets/empty_state.h"
#include "widgets/head_grid_view.h"
#include "widgets/head_map_view.h"
#include "widgets/metrics_table_view.h"
#include "widgets/rescaling_view.h"
#include "widgets/scalogram_view.h"
#include "widgets/spectrum_view.h"
#include "widgets/timeline_view.h"
#include "widgets/token_strip.h"
#include "widgets/uncertainty_scatter_view.h"

namespace headwave {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kLastModelKey = QStringLiteral("model/last");
const QString kLastDirKey = QStringLiteral("model/lastParent");
const QString kThemeKey = QStringLiteral("ui/theme");
const QString kColorMapKey = QStringLiteral("ui/colorMap");
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kSettingsKey = QStringLiteral("analysis/settings");
const QString kCorpusKey = QStringLiteral("corpus/path");
const QString kCorpusSequencesKey = QStringLiteral("corpus/sequences");
const QString kCorpusMinKey = QStringLiteral("corpus/minTokens");
const QString kCorpusMaxKey = QStringLiteral("corpus/maxTokens");
const QString kResultsDirKey = QStringLiteral("results/lastDir");
const QString kAttentionDirKey = QStringLiteral("attention/lastDir");
// Bumped when the set of docks changes, so an old saved layout is not applied to new docks.
constexpr int kStateVersion = 3;

QString colorMapKey(ColorMap map) {
    switch (map) {
        case ColorMap::Magma:
            return QStringLiteral("magma");
        case ColorMap::Cividis:
            return QStringLiteral("cividis");
        case ColorMap::Diverging:
            return QStringLiteral("diverging");
        case ColorMap::Viridis:
            break;
    }
    return QStringLiteral("viridis");
}

ColorMap colorMapFromKey(const QString& key) {
    if (key == QLatin1String("magma")) {
        return ColorMap::Magma;
    }
    if (key == QLatin1String("cividis")) {
        return ColorMap::Cividis;
    }
    return ColorMap::Viridis;
}

}  // namespace

// The docks the default layout arranges and sizes, filled in by the steps that create them.
struct MainWindow::Docks {
    QDockWidget* card = nullptr;
    QDockWidget* input = nullptr;
    QDockWidget* settings = nullptr;
    QDockWidget* tokens = nullptr;
    QDockWidget* grid = nullptr;
    QDockWidget* heatmap = nullptr;
    QDockWidget* spectrum = nullptr;
    QDockWidget* scalogram = nullptr;
    QDockWidget* rescaling = nullptr;
    QDockWidget* band = nullptr;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Headwave"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    setAcceptDrops(true);

    loadAppearance();
    createEngine();
    Docks docks;
    createDocks(docks);
    createCentralPlaceholder();
    createStatusBar();
    connectViews();
    connectEngine();
    createExportActions();
    createMenus();
    setWhatsThisTexts();
    setColorMap(m_colorMap);
    restylePlots();
    updateActions();
    setDefaultLayout(docks);
    restoreSavedLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::loadAppearance() {
    QSettings settings;
    m_theme = themeFromKey(settings.value(kThemeKey).toString());
    m_colorMap = colorMapFromKey(settings.value(kColorMapKey).toString());
    applyTheme(m_theme);
}

void MainWindow::createEngine() {
    m_engine = new EngineController(this);
    if (const QString json = QSettings().value(kSettingsKey).toString(); !json.isEmpty()) {
        auto saved = MethodSettings::fromJson(json.toStdString());
        if (saved && saved->validate()) {
            m_engine->setSettings(saved.value());
        }
    }
    // The one application state: every user intent goes to it, every view draws from it.
    m_state = new AppState(m_engine, this);
}

// Docks: the model above the input, settings and log (tabs) in one full-height column on the
// left; the views get the rest (tokens, grid, heatmap, band powers above; the per-head views
// below). The order of the steps is the order of the View menu and of the saved layout.
void MainWindow::createDocks(Docks& docks) {
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    createSideDocks(docks);
    createTopViewDocks(docks);
    createBottomViewDocks(docks);
    createTabbedViewDocks(docks);
    createTimelineDock(docks);
    m_views = {m_tokens, m_spectrum, m_scalogram, m_bandPower, m_scatter, m_table, m_headMap};
    createLogDock(docks);
    createLessonDock();
}

// The model card, the input and the method settings (scrolling), in the left column.
void MainWindow::createSideDocks(Docks& docks) {
    m_card = new ModelCardPanel(this);
    m_card->setObjectName(QStringLiteral("modelCard"));
    docks.card = addDock(m_card, tr("Model"), QStringLiteral("modelDock"), Qt::LeftDockWidgetArea);

    docks.input =
        addDock(createInput(), tr("Input"), QStringLiteral("inputDock"), Qt::LeftDockWidgetArea);

    m_settings = new SettingsPanel(this);
    m_settings->setObjectName(QStringLiteral("settingsPanel"));
    m_settings->setSettings(m_engine->settings());
    auto* settingsScroll = new QScrollArea(this);
    settingsScroll->setWidget(m_settings);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    docks.settings = addDock(settingsScroll, tr("Settings"), QStringLiteral("settingsDock"),
                             Qt::LeftDockWidgetArea);
}

// The tokens above the head grid, the attention heatmap beside the grid.
void MainWindow::createTopViewDocks(Docks& docks) {
    m_tokens = new TokenStrip(this);
    m_tokens->setObjectName(QStringLiteral("tokenStrip"));
    docks.tokens =
        addDock(m_tokens, tr("Tokens"), QStringLiteral("tokensDock"), Qt::TopDockWidgetArea);

    m_grid = new HeadGridView(this);
    m_grid->setObjectName(QStringLiteral("headGrid"));
    docks.grid =
        addDock(m_grid, tr("Head grid"), QStringLiteral("headGridDock"), Qt::TopDockWidgetArea);
    splitDockWidget(docks.tokens, docks.grid, Qt::Vertical);

    m_heatmap = new AttentionHeatmapView(this);
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    docks.heatmap = addDock(m_heatmap, tr("Attention heatmap"), QStringLiteral("heatmapDock"),
                            Qt::TopDockWidgetArea);
    splitDockWidget(docks.grid, docks.heatmap, Qt::Horizontal);
}

// The selected head's spectrum, scalogram and rescaling, side by side below.
void MainWindow::createBottomViewDocks(Docks& docks) {
    m_spectrum = new SpectrumView(this);
    m_spectrum->setObjectName(QStringLiteral("spectrum"));
    docks.spectrum = addDock(m_spectrum, tr("Spectrum"), QStringLiteral("spectrumDock"),
                             Qt::BottomDockWidgetArea);
    m_scalogram = new ScalogramView(this);
    m_scalogram->setObjectName(QStringLiteral("scalogram"));
    docks.scalogram = addDock(m_scalogram, tr("Scalogram"), QStringLiteral("scalogramDock"),
                              Qt::BottomDockWidgetArea);
    splitDockWidget(docks.spectrum, docks.scalogram, Qt::Horizontal);
    m_rescaling = new RescalingView(this);
    m_rescaling->setObjectName(QStringLiteral("rescaling"));
    m_rescaling->setAlpha(0.5);
    docks.rescaling = addDock(m_rescaling, tr("Rescaling"), QStringLiteral("rescalingDock"),
                              Qt::BottomDockWidgetArea);
    splitDockWidget(docks.scalogram, docks.rescaling, Qt::Horizontal);
}

// Band powers, uncertainty and the metrics table as tabs beside the heatmap, band powers in front.
void MainWindow::createTabbedViewDocks(Docks& docks) {
    m_bandPower = new BandPowerView(this);
    m_bandPower->setObjectName(QStringLiteral("bandPower"));
    docks.band = addDock(m_bandPower, tr("Band powers"), QStringLiteral("bandPowerDock"),
                         Qt::TopDockWidgetArea);
    splitDockWidget(docks.heatmap, docks.band, Qt::Horizontal);
    m_scatter = new UncertaintyScatterView(this);
    m_scatter->setObjectName(QStringLiteral("uncertaintyScatter"));
    QDockWidget* scatterDock = addDock(m_scatter, tr("Uncertainty"),
                                       QStringLiteral("uncertaintyDock"), Qt::TopDockWidgetArea);
    tabifyDockWidget(docks.band, scatterDock);
    m_table = new MetricsTableView(this);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    QDockWidget* tableDock = addDock(m_table, tr("Metrics table"),
                                     QStringLiteral("metricsTableDock"), Qt::TopDockWidgetArea);
    tabifyDockWidget(scatterDock, tableDock);
    // The head map as a tab beside the rescaling (four tabs above would elide their titles).
    m_headMap = new HeadMapView(this);
    m_headMap->setObjectName(QStringLiteral("headMap"));
    QDockWidget* mapDock =
        addDock(m_headMap, tr("Head map"), QStringLiteral("headMapDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(docks.rescaling, mapDock);
    docks.rescaling->raise();
    docks.band->raise();
}

// Filled by Demo > Training timeline / Positional schemes; hidden until then.
void MainWindow::createTimelineDock(Docks& docks) {
    m_timeline = new TimelineView(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timelineDock = addDock(m_timeline, tr("Timeline"), QStringLiteral("timelineDock"),
                             Qt::BottomDockWidgetArea);
    tabifyDockWidget(docks.rescaling, m_timelineDock);
    docks.rescaling->raise();
    m_timelineDock->hide();
}

// The log, then the left column arranged: the model above the input, settings and log as tabs.
void MainWindow::createLogDock(Docks& docks) {
    m_log = new LogPanel(this);
    m_log->setObjectName(QStringLiteral("logPanel"));
    QDockWidget* logDock =
        addDock(m_log, tr("Log"), QStringLiteral("logDock"), Qt::LeftDockWidgetArea);
    splitDockWidget(docks.card, docks.input, Qt::Vertical);
    tabifyDockWidget(docks.input, docks.settings);
    tabifyDockWidget(docks.settings, logDock);
    docks.input->raise();
}

// A central widget keeps the docks' areas from collapsing; the views are docks around it.
void MainWindow::createCentralPlaceholder() {
    auto* centre = new QWidget(this);
    centre->setMaximumSize(0, 0);
    setCentralWidget(centre);
}

// A head picked in any view selects it everywhere; settings edits go to the engine and are kept.
void MainWindow::connectViews() {
    connect(m_grid, &HeadGridView::headSelected, this, &MainWindow::selectHead);
    connect(m_rescaling, &RescalingView::alphaChanged, this, &MainWindow::setAlpha);
    for (HeadView* v : m_views) {
        connect(v, &HeadView::headSelected, this, &MainWindow::selectHead);
    }
    connect(m_headMap, &HeadMapView::classesRequested, m_state, &AppState::setHeadMapK);
    connect(m_settings, &SettingsPanel::settingsChanged, this, [this](const MethodSettings& s) {
        if (m_state->setSettings(s)) {
            QSettings().setValue(kSettingsKey, QString::fromStdString(s.toJson()));
        }
    });
    connect(m_state, &AppState::changed, this, &MainWindow::render);
    connect(m_state, &AppState::message, this,
            [this](const QString& text, const QString& detail, bool error, bool blocking) {
                if (error) {
                    onFailed(text, detail, blocking);
                } else {
                    m_log->add(LogPanel::Warning, text, detail);
                }
            });
}

// The engine's results, progress and messages.
// (Results that change what is shown reach the window through the state: render().)
void MainWindow::connectEngine() {
    connect(m_engine, &EngineController::progress, this, &MainWindow::onProgress);
    connect(m_engine, &EngineController::timelineReady, this,
            [this](const std::shared_ptr<const std::vector<TimelineRow>>& rows) {
                m_timeline->setRows(rows);
                m_timelineDock->show();
                m_timelineDock->raise();
                m_log->add(LogPanel::Info,
                           tr("Compared %n model(s).", nullptr, static_cast<int>(rows->size())));
            });
    connect(m_engine, &EngineController::warning, this,
            [this](const QString& message) { m_log->add(LogPanel::Warning, message); });
    connect(m_engine, &EngineController::resultsSaved, this, [this](const QString& path) {
        m_log->add(LogPanel::Info, tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
        statusBar()->showMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)), 5000);
    });
}

// Figures for papers: every view exports from File > Export and its context menu.
void MainWindow::createExportActions() {
    m_export = new ExportActions(this);
    m_export->addView(m_grid, tr("Head grid"));
    m_export->addView(m_heatmap, tr("Attention heatmap"));
    m_export->addView(m_spectrum, tr("Spectrum"));
    m_export->addView(m_scalogram, tr("Scalogram"));
    m_export->addView(m_bandPower, tr("Band powers"));
    m_export->addView(m_scatter, tr("Uncertainty"));
    m_export->addView(m_headMap, tr("Head map"));
    m_export->addView(m_rescaling, tr("Rescaling"));
    connect(m_export, &ExportActions::exported, this, [this](const QString& path) {
        m_log->add(LogPanel::Info, tr("Exported %1.").arg(QDir::toNativeSeparators(path)));
        statusBar()->showMessage(tr("Exported %1.").arg(QDir::toNativeSeparators(path)), 5000);
    });
    connect(m_export, &ExportActions::failed, this,
            [this](const QString& message) { m_log->add(LogPanel::Error, message); });
}

// The default window size and dock sizes, in font units so they scale with the font and the
// screen (HiDPI), and the layout "Reset layout" returns to.
void MainWindow::setDefaultLayout(const Docks& docks) {
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    resize(100 * em, 60 * em);
    // Dock sizes only take once the window has its size: applied on the first show (and by Reset
    // layout), in font units.
    // The side column stays narrow enough for the views (its panels wrap and scroll).
    for (QWidget* panel : {docks.card->widget(), docks.input->widget(), docks.settings->widget(),
                           static_cast<QWidget*>(m_log)}) {
        panel->setMaximumWidth(34 * em);
    }
    m_defaultSizes = [this, em, docks] {
        const int views = std::max(width() - 24 * em, 60 * em) / 3;
        resizeDocks({docks.card}, {24 * em}, Qt::Horizontal);
        resizeDocks({docks.grid, docks.heatmap, docks.band}, {views, views, views}, Qt::Horizontal);
        resizeDocks({docks.spectrum, docks.scalogram, docks.rescaling}, {views, views, views},
                    Qt::Horizontal);
        const int rows = std::max(height() - 8 * em, 30 * em) / 2;
        resizeDocks({docks.tokens, docks.grid, docks.spectrum}, {3 * em, rows, rows}, Qt::Vertical);
    };
    m_defaultState = saveState(kStateVersion);
}

// The window's geometry and dock layout from the last session, when there is one.
void MainWindow::restoreSavedLayout() {
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    m_layoutRestored = restoreState(settings.value(kStateKey).toByteArray(), kStateVersion);
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    m_docks.push_back(dock);
    return dock;
}

QWidget* MainWindow::createInput() {
    auto* input = new QWidget(this);
    const int line = fontMetrics().lineSpacing();

    m_text = new QPlainTextEdit(input);
    m_text->setObjectName(QStringLiteral("textEdit"));
    m_text->setPlaceholderText(tr("Type a text to analyse, then press Analyze (Ctrl+Return)."));
    m_text->setMinimumHeight(3 * line);
    m_analyzeButton = new QPushButton(tr("Analyze"), input);
    m_analyzeButton->setObjectName(QStringLiteral("analyzeButton"));
    m_analyzeButton->setToolTip(tr("Analyse every head on this text (Ctrl+Return)"));
    connect(m_analyzeButton, &QPushButton::clicked, this, &MainWindow::analyze);

    QGroupBox* corpus = createCorpusBox(input);

    // Results files.
    auto* open = new QPushButton(tr("Open results…"), input);
    open->setToolTip(tr("Open a .hwrun results file (Ctrl+O)"));
    connect(open, &QPushButton::clicked, this, &MainWindow::chooseResultsToOpen);
    m_saveButton = new QPushButton(tr("Save results…"), input);
    m_saveButton->setObjectName(QStringLiteral("saveResultsButton"));
    m_saveButton->setToolTip(
        tr("Save the analysed text or the corpus run as a .hwrun results file (Ctrl+S)"));
    connect(m_saveButton, &QPushButton::clicked, this, &MainWindow::chooseResultsToSave);

    auto* analyzeRow = new QHBoxLayout;
    analyzeRow->addStretch(1);
    analyzeRow->addWidget(m_analyzeButton);
    auto* resultsRow = new QHBoxLayout;
    resultsRow->addWidget(open);
    resultsRow->addWidget(m_saveButton);
    resultsRow->addStretch(1);
    auto* layout = new QVBoxLayout(input);
    layout->addWidget(m_text, 1);
    layout->addLayout(analyzeRow);
    layout->addWidget(corpus);
    layout->addLayout(resultsRow);
    return input;
}

// Corpus run: a file or folder, how many sequences of how many tokens (as last time).
QGroupBox* MainWindow::createCorpusBox(QWidget* input) {
    QSettings settings;
    auto* corpus = new QGroupBox(tr("Corpus run"), input);
    m_corpusPath = new QLineEdit(settings.value(kCorpusKey).toString(), corpus);
    m_corpusPath->setObjectName(QStringLiteral("corpusPath"));
    m_corpusPath->setPlaceholderText(tr("A text file, a .jsonl file or a folder of .txt files"));
    auto* browse = new QPushButton(tr("Browse…"), corpus);
    connect(browse, &QPushButton::clicked, this, &MainWindow::chooseCorpus);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_corpusPath, 1);
    pathRow->addWidget(browse);
    m_corpusSequences = new QSpinBox(corpus);
    m_corpusSequences->setObjectName(QStringLiteral("corpusSequences"));
    m_corpusSequences->setRange(1, 1'000'000);
    m_corpusSequences->setValue(settings.value(kCorpusSequencesKey, 50).toInt());
    m_corpusSequences->setToolTip(tr("At most this many sequences are analysed"));
    m_corpusMinTokens = new QSpinBox(corpus);
    m_corpusMinTokens->setObjectName(QStringLiteral("corpusMinTokens"));
    m_corpusMinTokens->setRange(4, 1'000'000);
    m_corpusMinTokens->setValue(settings.value(kCorpusMinKey, 128).toInt());
    m_corpusMaxTokens = new QSpinBox(corpus);
    m_corpusMaxTokens->setObjectName(QStringLiteral("corpusMaxTokens"));
    m_corpusMaxTokens->setRange(4, 1'000'000);
    m_corpusMaxTokens->setValue(settings.value(kCorpusMaxKey, 512).toInt());
    auto* tokensRow = new QHBoxLayout;
    tokensRow->addWidget(m_corpusMinTokens);
    tokensRow->addWidget(new QLabel(tr("to"), corpus));
    tokensRow->addWidget(m_corpusMaxTokens);
    m_corpusButton = new QPushButton(tr("Run corpus"), corpus);
    m_corpusButton->setObjectName(QStringLiteral("corpusButton"));
    m_corpusButton->setToolTip(tr("Analyse the corpus with the current settings (Ctrl+R)"));
    connect(m_corpusButton, &QPushButton::clicked, this, &MainWindow::runCorpus);
    auto* corpusForm = new QFormLayout(corpus);
    corpusForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    corpusForm->addRow(tr("Corpus:"), pathRow);
    corpusForm->addRow(tr("Sequences:"), m_corpusSequences);
    corpusForm->addRow(tr("Tokens:"), tokensRow);
    corpusForm->addRow(m_corpusButton);
    return corpus;
}

void MainWindow::createStatusBar() {
    m_stage = new QLabel(this);
    m_stage->setVisible(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14);
    m_progress->setVisible(false);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(tr("Stop the running job (Esc)"));
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancel);
    statusBar()->addPermanentWidget(m_stage);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->showMessage(tr("Ready."));
}

void MainWindow::createMenus() {
    createFileMenu();
    createAnalysisMenu();
    createViewMenu();
    createDemoMenu();
    createHelpMenu();
}

// Models (and the recent ones), results files, figure export, quit.
void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("Open &model…"), this, &MainWindow::chooseModel);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* openHub =
        file->addAction(tr("Open from &Hugging Face cache…"), this, &MainWindow::chooseHubModel);
    openHub->setObjectName(QStringLiteral("openHubAction"));
    m_recentMenu = file->addMenu(tr("&Recent models"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    file->addSeparator();
    QAction* openResults =
        file->addAction(tr("&Open results…"), this, &MainWindow::chooseResultsToOpen);
    openResults->setShortcut(QKeySequence::Open);
    QAction* openAttention =
        file->addAction(tr("Open &attention…"), this, &MainWindow::chooseAttentionToOpen);
    openAttention->setObjectName(QStringLiteral("openAttentionAction"));
    openAttention->setStatusTip(
        tr("Attention exported from any framework: .npy, .npz or .safetensors shaped [layers, "
           "heads, T, T] or [heads, T, T], with its tokens from NAME.tokens.json beside it."));
    QAction* openAttentionFolder = file->addAction(tr("Open attention &folder…"), this,
                                                   &MainWindow::chooseAttentionFolderToOpen);
    openAttentionFolder->setStatusTip(
        tr("A folder of one attention file per layer (layer_0.npy, layer_1.npy, …)."));
    m_saveAction = file->addAction(tr("&Save results…"), this, &MainWindow::chooseResultsToSave);
    m_saveAction->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* compare =
        file->addAction(tr("&Compare sources…"), this, [this] { openCompareWindow(); });
    compare->setObjectName(QStringLiteral("compareAction"));
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    createLessonActions(file, nullptr);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    m_export->fillMenu(exportMenu);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

CompareWindow* MainWindow::openCompareWindow() {
    if (!m_compare) {
        m_compare = new CompareWindow(
            m_engine, [this] { return m_state->data().analysis; }, this);
        m_compare->setWindowFlag(Qt::Window);
        m_compare->setAttribute(Qt::WA_DeleteOnClose, false);
        // One selection: a head chosen in the workspace is selected here when this window shows
        // one of its sources (that source's matched head), and a head chosen here is selected in
        // the workspace when this window shows its first source, A, or any source when heads are
        // matched by (layer, head) (by relative depth, a head of B is no cell of A's grid).
        connect(m_compare->view(), &ComparisonView::headSelected, this,
                [this](int layer, int head) {
                    const ComparisonPtr& c = m_compare->view()->comparison();
                    const AnalysisPtr& shown = m_state->data().analysis;
                    for (std::size_t s = 0; c && shown && s < c->sources.size(); ++s) {
                        if (c->sources[s].analysis == shown) {
                            const HeadRef at = c->matchedHead(static_cast<int>(s), layer, head);
                            selectHead(at.layer, at.head);
                            return;
                        }
                    }
                });
        connect(m_state, &AppState::changed, m_compare, [this](const AppState::Data& state) {
            ComparisonView* view = m_compare->view();
            const ComparisonPtr& c = view->comparison();
            if (!c || !state.analysis || state.layer < 0 ||
                (state.layer == view->selectedLayer() && state.head == view->selectedHead())) {
                return;
            }
            for (std::size_t s = 0; s < c->sources.size(); ++s) {
                if (c->sources[s].analysis == state.analysis &&
                    (s == 0 || c->matching == HeadMatching::ByIndex)) {
                    view->setSelectedHead(state.layer, state.head);
                    view->replotSelection();
                    return;
                }
            }
        });
    }
    m_compare->show();
    m_compare->raise();
    m_compare->activateWindow();
    return m_compare;
}

// Analyse the text, run the corpus, cancel, default settings.
void MainWindow::createAnalysisMenu() {
    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    m_analyzeAction = analysis->addAction(tr("&Analyze text"), this, &MainWindow::analyze);
    m_analyzeAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    analysis->addAction(tr("Choose &corpus…"), this, &MainWindow::chooseCorpus);
    m_corpusAction = analysis->addAction(tr("&Run corpus"), this, &MainWindow::runCorpus);
    m_corpusAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    analysis->addSeparator();
    m_cancelAction = analysis->addAction(tr("&Cancel"), m_cancelButton, &QPushButton::click);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    analysis->addSeparator();
    QAction* defaults = analysis->addAction(tr("Restore &default settings"), m_settings,
                                            &SettingsPanel::restoreDefaults);
    Q_UNUSED(defaults);
}

// A toggle for every dock (Alt+1 to Alt+9), theme, colour map, language, reset layout.
void MainWindow::createViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    int n = 1;
    for (QDockWidget* dock : m_docks) {
        QAction* toggle = dock->toggleViewAction();
        if (n <= 9) {
            toggle->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + n)));
        }
        ++n;
        view->addAction(toggle);
    }
    view->addSeparator();
    addThemeMenu(view);
    addColorMapMenu(view);
    addLanguageMenu(view);
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    view->addSeparator();
    createLessonActions(nullptr, view);
}

void MainWindow::addThemeMenu(QMenu* view) {
    QMenu* theme = view->addMenu(tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const std::pair<Theme, QString> themes[] = {
        {Theme::System, tr("&System")}, {Theme::Light, tr("&Light")}, {Theme::Dark, tr("&Dark")}};
    for (const auto& [t, name] : themes) {
        QAction* a = theme->addAction(name);
        a->setCheckable(true);
        a->setChecked(t == m_theme);
        a->setData(static_cast<int>(t));
        m_themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, t = t] { setTheme(t); });
    }
}

void MainWindow::addColorMapMenu(QMenu* view) {
    QMenu* colors = view->addMenu(tr("&Colour map"));
    m_colorGroup = new QActionGroup(this);
    for (ColorMap map : {ColorMap::Viridis, ColorMap::Magma, ColorMap::Cividis}) {
        QAction* a = colors->addAction(colorMapName(map));
        a->setCheckable(true);
        a->setChecked(map == m_colorMap);
        a->setData(static_cast<int>(map));
        m_colorGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, map] { setColorMap(map); });
    }
    colors->addSeparator();
    QAction* note = colors->addAction(tr("Ratios and correlations use a diverging map"));
    note->setEnabled(false);
}

void MainWindow::addLanguageMenu(QMenu* view) {
    QMenu* language = view->addMenu(tr("&Language"));
    auto* languageGroup = new QActionGroup(this);
    const QString current = QSettings().value(kLanguageKey, QStringLiteral("system")).toString();
    QStringList codes{QStringLiteral("system")};
    codes += availableLanguages();
    for (const QString& code : codes) {
        QAction* a = language->addAction(code == QLatin1String("system") ? tr("System language")
                                                                         : languageName(code));
        a->setCheckable(true);
        a->setChecked(code == current);
        languageGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { setLanguage(code); });
    }
}

// What's This, About Headwave, About Qt.
void MainWindow::createHelpMenu() {
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* whatsThis = QWhatsThis::createAction(this);
    whatsThis->setText(tr("&What am I looking at?"));
    whatsThis->setObjectName(QStringLiteral("whatsThisAction"));
    help->addAction(whatsThis);
    help->addSeparator();
    QAction* about = help->addAction(tr("&About Headwave"), this, &MainWindow::showAbout);
    about->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::fillRecentMenu() {
    RecentModels recent;
    const QStringList gone = recent.removeMissing();
    for (const QString& dir : gone) {
        const QString message =
            tr("%1 was removed from the recent models: the folder no longer exists.")
                .arg(QDir::toNativeSeparators(dir));
        m_log->add(LogPanel::Warning, message);
        statusBar()->showMessage(message, 8000);
    }
    m_recentMenu->clear();
    const QStringList dirs = recent.list();
    int i = 1;
    for (const QString& dir : dirs) {
        QAction* a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i).arg(QDir::toNativeSeparators(dir)), this,
            [this, dir] { openModel(dir); });
        a->setData(dir);
        ++i;
    }
    if (dirs.isEmpty()) {
        m_recentMenu->addAction(tr("No recent models"))->setEnabled(false);
    } else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear list"), this, [this] {
            RecentModels().clear();
            fillRecentMenu();
        });
    }
}

void MainWindow::chooseModel() {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a Hugging Face model folder"), settings.value(kLastDirKey).toString());
    if (!dir.isEmpty()) {
        openModel(dir);
    }
}

void MainWindow::chooseHubModel() {
    HubCacheDialog dialog(QString(), this);
    if (dialog.exec() == QDialog::Accepted && !dialog.chosenModel().isEmpty()) {
        openModel(dialog.chosenModel());
    }
}

void MainWindow::chooseCorpus() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose a corpus"), QFileInfo(m_corpusPath->text()).absolutePath(),
        tr("Text corpora (*.txt *.jsonl *.ndjson);;All files (*)"));
    if (!path.isEmpty()) {
        setCorpusPath(path);
    }
}

void MainWindow::chooseResultsToOpen() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open results"), QSettings().value(kResultsDirKey).toString(),
        tr("Headwave results (*.hwrun);;All files (*)"));
    if (!path.isEmpty()) {
        openResults(path);
    }
}

void MainWindow::chooseAttentionToOpen() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open attention"), QSettings().value(kAttentionDirKey).toString(),
        tr("Attention (*.npy *.npz *.safetensors);;All files (*)"));
    if (!path.isEmpty()) {
        openAttention(path);
    }
}

void MainWindow::chooseAttentionFolderToOpen() {
    const QString path =
        QFileDialog::getExistingDirectory(this, tr("Open a folder of per-layer attention files"),
                                          QSettings().value(kAttentionDirKey).toString());
    if (!path.isEmpty()) {
        openAttention(path);
    }
}

void MainWindow::chooseResultsToSave() {
    if (!m_engine->canSaveResults()) {
        onFailed(tr("There are no run results to save; run a corpus first."), {}, false);
        return;
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save results"),
                                                QSettings().value(kResultsDirKey).toString(),
                                                tr("Headwave results (*.hwrun)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".hwrun");
    }
    saveResults(path);
}

void MainWindow::resetLayout() {
    restoreState(m_defaultState, kStateVersion);
    for (QDockWidget* dock : m_docks) {
        dock->show();
    }
    m_defaultSizes();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!m_shown) {
        m_shown = true;
        if (!m_layoutRestored) {
            // After the first layout pass: before it, the dock areas have no size to share.
            QTimer::singleShot(0, this, [this] { m_defaultSizes(); });
        }
    }
}

void MainWindow::setApplicationIdentity() {
    const QString id = QStringLiteral("org.headwave.Headwave");
    QGuiApplication::setDesktopFileName(id);
    QApplication::setWindowIcon(
        QIcon::fromTheme(id, QIcon(QStringLiteral(":/icons/org.headwave.Headwave.svg"))));
}

QString MainWindow::aboutText() const {
    const EngineLibraries libraries = engineLibraries();
    QString torch =
        libraries.torch.empty()
            ? tr("libtorch")
            : QStringLiteral("libtorch %1").arg(QString::fromStdString(libraries.torch));
    if (!libraries.torchLoaded) {
        torch = tr("%1 (loaded with the first model)").arg(torch);
    }
    return tr("<h3>Headwave %1</h3><p>How transformer attention heads handle position: frequency "
              "bands, db2 wavelets and entropies of every head, on your own models and texts.</p>")
               .arg(QApplication::applicationVersion()) +
           tr("<p>Copyright &copy; 2026 the Headwave developers.<br>Headwave is free software: "
              "you can redistribute it and/or modify it under the terms of the GNU General Public "
              "License, version 3 or (at your option) any later version "
              "(GPL-3.0-or-later). It comes with NO WARRANTY. The licence is in the file LICENSE "
              "of the source and in /usr/share/doc/headwave/copyright of the package.</p>") +
           tr("<p>Running on Qt %1, QCustomPlot %2, %3 and FFTW %4.</p>")
               .arg(QString::fromLatin1(qVersion()), QStringLiteral(QCUSTOMPLOT_VERSION_STR), torch,
                    QString::fromStdString(libraries.fftw));
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Headwave"), aboutText());
}

void MainWindow::setLanguage(const QString& code) {
    QSettings().setValue(kLanguageKey, code);
    const QString message = tr("The language changes when Headwave is started again.");
    statusBar()->showMessage(message, 8000);
    m_log->add(LogPanel::Info, message);
}

void MainWindow::restylePlots() {
    // The grid and the heatmap predate the views' palette handling: colour their plots here.
    for (QCustomPlot* plot : {m_grid->plot(), m_heatmap->plot()}) {
        applyPlotTheme(plot, palette());
        plot->replot();
    }
}

void MainWindow::setTheme(Theme theme) {
    m_theme = theme;
    applyTheme(theme);
    restylePlots();
    QSettings().setValue(kThemeKey, themeKey(theme));
    if (m_themeGroup) {
        for (QAction* a : m_themeGroup->actions()) {
            a->setChecked(a->data().toInt() == static_cast<int>(theme));
        }
    }
}

void MainWindow::setColorMap(ColorMap map) {
    m_colorMap = map;
    m_grid->setColorMap(map);
    m_heatmap->setColorMap(map);
    m_scalogram->setColorMap(map);
    m_scatter->setColorMap(map);
    m_rescaling->setColorMap(map);
    QSettings().setValue(kColorMapKey, colorMapKey(map));
    if (m_colorGroup) {
        for (QAction* a : m_colorGroup->actions()) {
            a->setChecked(a->data().toInt() == static_cast<int>(map));
        }
    }
}

void MainWindow::updateActions() {
    const bool model = m_state->data().model != nullptr;
    m_analyzeButton->setEnabled(model);
    m_analyzeAction->setEnabled(model);
    m_corpusButton->setEnabled(model);
    m_corpusAction->setEnabled(model);
    const AnalysisSnapshot* shown = m_state->data().analysis.get();
    const bool save =
        shown != nullptr && (shown->run || (shown->kind == AnalysisKind::Text && shown->inputs));
    m_saveButton->setEnabled(save);
    m_saveAction->setEnabled(save);
}

void MainWindow::openModel(const QString& dir) {
    // A folder, or a Hugging Face id the engine resolves in the local cache.
    if (!QFileInfo(dir).isDir() &&
        (QFileInfo::exists(dir) || !parseHubReference(dir.toStdString()))) {
        onFailed(tr("The model folder %1 does not exist; choose a folder with config.json and "
                    "the weights (*.safetensors).")
                     .arg(QDir::toNativeSeparators(dir)),
                 {}, true);
        return;
    }
    confirmStopCorpus(tr("Open %1").arg(QFileInfo(dir).fileName()), [this, dir] {
        m_log->add(LogPanel::Info, tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
        m_state->openModel(dir);
    });
}

void MainWindow::confirmStopCorpus(const QString& action, const std::function<void()>& then) {
    if (!m_state->corpusRunning()) {
        then();
        return;
    }
    // A corpus run is in flight: never drop the request silently, never stop the run unasked.
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Headwave"),
        tr("A corpus run is in progress; this stops it: %1. Stop the run?").arg(action),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("stopCorpusBox"));
    QPushButton* stop = box->addButton(tr("Stop the run"), QMessageBox::AcceptRole);
    stop->setObjectName(QStringLiteral("stopCorpusButton"));
    QPushButton* keep = box->addButton(tr("Keep the run"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("keepCorpusButton"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, stop, action, then](QAbstractButton* b) {
        if (b == stop) {
            then();
        } else {
            m_log->add(LogPanel::Info, tr("Not done, the corpus run goes on: %1.").arg(action));
        }
    });
    box->open();
}

QString MainWindow::textToAnalyze(const QString& demo) {
    const QString typed = m_text->toPlainText();
    if (!typed.trimmed().isEmpty()) {
        return typed;  // comparing checkpoints on one's own text is the natural use
    }
    const QString demoText = demoFirstParagraph(demo);
    replaceText(demoText);
    return demoText;
}

void MainWindow::replaceText(const QString& text) {
    if (m_text->toPlainText() == text) {
        return;  // no empty undo step between the user's text and the one Undo brings back
    }
    // As an edit of the text box, so Undo (Ctrl+Z) brings the previous text back.
    QTextCursor cursor(m_text->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
}

void MainWindow::useDemoText() {
    const QString demo = demoFolder();
    const QString text = demo.isEmpty() ? QString() : demoFirstParagraph(demo);
    if (text.isEmpty()) {
        m_log->add(LogPanel::Warning,
                   tr("The demo models are not installed; open a model with File > Open model…"));
        return;
    }
    replaceText(text);
    m_log->add(LogPanel::Info,
               tr("The demo's text is in the text box (Ctrl+Z brings yours back)."));
}

bool MainWindow::openDemo(const QString& dir, const QString& text) {
    const QString demo = demoFolder();
    if (demo.isEmpty() && (dir.isEmpty() || text.isEmpty())) {
        m_log->add(LogPanel::Warning,
                   tr("The demo models are not installed; open a model with File > Open model…"));
        return false;
    }
    const QString folder = dir.isEmpty() ? demoCheckpoint(demo, demoSteps().back()) : dir;
    if (!QFileInfo(folder).isDir()) {
        openModel(folder);  // says what is missing
        return false;
    }
    if (!text.isEmpty()) {
        replaceText(text);
    }
    const QString input = text.isEmpty() ? textToAnalyze(demo) : text;
    if (input.isEmpty()) {
        m_log->add(LogPanel::Warning, tr("The demo text %1 could not be read.")
                                          .arg(QDir::toNativeSeparators(demoTextPath(demo))));
        return false;
    }
    confirmStopCorpus(tr("Open %1").arg(QFileInfo(folder).fileName()), [this, folder, input] {
        m_log->add(LogPanel::Info, tr("Opening %1…").arg(QDir::toNativeSeparators(folder)));
        m_state->openModelAndAnalyze(folder, input);
    });
    return true;
}

void MainWindow::requestTimeline(const QStringList& dirs, const QString& what) {
    const QString demo = demoFolder();
    if (demo.isEmpty()) {
        m_log->add(LogPanel::Warning,
                   tr("The demo models are not installed; open a model with File > Open model…"));
        return;
    }
    m_log->add(LogPanel::Info, what);
    statusBar()->showMessage(what);
    m_engine->requestTimeline(dirs, demoTextPath(demo));
}

void MainWindow::showDemoTimeline() {
    const QString demo = demoFolder();
    QStringList dirs;
    for (int step : demoSteps()) {
        dirs << demoCheckpoint(demo, step);
    }
    requestTimeline(dirs, tr("Comparing the RoPE checkpoints on the demo text…"));
}

void MainWindow::showDemoSchemes() {
    const QString demo = demoFolder();
    QStringList dirs;
    for (const QString& scheme : demoSchemes()) {
        dirs << demoTwin(demo, scheme);
    }
    requestTimeline(dirs, tr("Comparing the positional schemes on the demo text…"));
}

void MainWindow::showTeachingPatterns() {
    // The text box keeps the user's text: back from the patterns, it is still there.
    QStringList names;
    const auto& patterns = EngineController::teachingPatterns();
    for (std::size_t h = 0; h < patterns.size(); ++h) {
        names << tr("head %1 = %2").arg(h).arg(QString::fromLatin1(toString(patterns[h])));
    }
    confirmStopCorpus(tr("Show the teaching patterns"), [this, names] {
        m_log->add(LogPanel::Info, tr("Teaching patterns (one layer, 128 tokens t0…t127): %1.")
                                       .arg(names.join(QStringLiteral(", "))));
        m_state->showTeachingPatterns();
    });
}

void MainWindow::setWhatsThisTexts() {
    m_tokens->setWhatsThis(
        tr("The analysed text, one box per token. The selected head's attention profile shades "
           "each token: darker tokens receive more attention on average."));
    m_grid->setWhatsThis(
        tr("Every head of the model, one cell per head (rows are layers, columns heads), coloured "
           "by the chosen metric. Click a cell to select that head in every view."));
    m_heatmap->setWhatsThis(
        tr("The selected head's attention matrix: row i is what token i attends to, column j is "
           "how much token j is attended to. A bright diagonal means local attention, a bright "
           "first column an attention sink, stripes a periodic pattern."));
    m_spectrum->setWhatsThis(
        tr("The power spectrum of the selected head's attention profile: frequency r from 0 "
           "(slow change across positions) to 1 (change from one token to the next). Power "
           "concentrated at low r means smooth, long-range attention; at high r, sharp and "
           "local. The shaded bands are the low, mid and high bands of the band shares."));
    m_scalogram->setWhatsThis(
        tr("The wavelet (db2) coefficients of the selected head's profile, coarse scales at the "
           "top and fine scales at the bottom, along the positions. It shows where in the "
           "sequence each scale is active, which a spectrum cannot."));
    m_rescaling->setWhatsThis(
        tr("The rescaling experiment: the model re-run on the text subsampled by alpha, its "
           "profile stretched back to full length and compared with the original. A head whose "
           "pattern follows content keeps its shape (low sensitivity); one tied to absolute "
           "positions changes (high sensitivity)."));
    m_bandPower->setWhatsThis(
        tr("How each head divides its spectral power between the low, mid and high bands (top), "
           "and the mean and spread of those shares per layer (bottom). Heads that specialise in "
           "different bands look like a bank of wavelet filters."));
    m_scatter->setWhatsThis(
        tr("Each head as a point: positional entropy (how spread the attention is over "
           "positions) against spectral entropy (how spread its power is over frequencies). Like "
           "the uncertainty principle, a head cannot be narrow in both; rho is their "
           "correlation."));
    m_headMap->setWhatsThis(
        tr("Every head as a point: the first two principal components of its band shares, "
           "entropies, local share and wavelet entropy per scale, standardised over the heads. "
           "Colours are k-means classes (k chosen by silhouette unless you choose it). Beside the "
           "map, the heads most similar to the selected one; click a point or a row to select "
           "that head."));
    m_table->setWhatsThis(
        tr("Every metric of every head as numbers. Click a column header to sort, a row to "
           "select that head."));
    m_timeline->setWhatsThis(
        tr("Several models analysed on the same text: training checkpoints against the training "
           "step, or the positional twins side by side. Panels show the mean (and spread across "
           "heads) of spectral entropy, selectivity, band shares and scale sensitivity; a growing "
           "spread means the heads separate into bands."));
}

void MainWindow::createDemoMenu() {
    m_demoMenu = menuBar()->addMenu(tr("&Demo"));
    m_demoMenu->setObjectName(QStringLiteral("demoMenu"));
    m_demoMenu->setToolTipsVisible(true);
    const QString demo = demoFolder();
    QMenu* checkpoints = m_demoMenu->addMenu(tr("RoPE &checkpoints"));
    for (int step : demoSteps()) {
        QAction* a = checkpoints->addAction(tr("Step %1").arg(step), this, [this, step] {
            openDemo(demoCheckpoint(demoFolder(), step));
        });
        a->setObjectName(QStringLiteral("demoStep%1").arg(step));
    }
    QMenu* twins = m_demoMenu->addMenu(tr("&Positional twins"));
    const std::pair<QString, QString> schemes[] = {
        {QStringLiteral("none"), tr("No positions (causal mask only)")},
        {QStringLiteral("learned"), tr("Learned absolute positions")},
        {QStringLiteral("sinusoidal"), tr("Sinusoidal positions")},
        {QStringLiteral("alibi"), tr("ALiBi")}};
    for (const auto& [scheme, name] : schemes) {
        QAction* a = twins->addAction(
            name, this, [this, scheme = scheme] { openDemo(demoTwin(demoFolder(), scheme)); });
        a->setObjectName(QStringLiteral("demoTwin_") + scheme);
    }
    m_demoMenu->addSeparator();
    QAction* timeline =
        m_demoMenu->addAction(tr("&Training timeline"), this, &MainWindow::showDemoTimeline);
    timeline->setToolTip(tr("How the heads' spectra change over the RoPE model's training"));
    QAction* compare =
        m_demoMenu->addAction(tr("Positional &schemes"), this, &MainWindow::showDemoSchemes);
    compare->setToolTip(tr("The same model trained with each positional scheme, side by side"));
    m_demoMenu->addSeparator();
    QAction* demoText =
        m_demoMenu->addAction(tr("Use the demo's &text"), this, &MainWindow::useDemoText);
    demoText->setObjectName(QStringLiteral("useDemoTextAction"));
    demoText->setToolTip(
        tr("Put the demo's text in the text box (Ctrl+Z brings yours back); "
           "the checkpoints and twins analyse the text in the box"));
    QAction* teaching =
        m_demoMenu->addAction(tr("T&eaching patterns"), this, &MainWindow::showTeachingPatterns);
    teaching->setToolTip(
        tr("Synthetic heads with known structure: local band, attention sink, "
           "periodic, blocks and uniform"));
    for (QAction* a :
         {checkpoints->menuAction(), twins->menuAction(), timeline, compare, demoText}) {
        a->setEnabled(!demo.isEmpty());
    }
}

void MainWindow::setText(const QString& text) {
    m_text->setPlainText(text);
}

void MainWindow::setCorpusPath(const QString& path) {
    m_corpusPath->setText(path);
    QSettings().setValue(kCorpusKey, path);
}

void MainWindow::analyze() {
    if (!m_state->data().model) {
        onFailed(tr("Open a model first (File > Open model…)."), {}, false);
        return;
    }
    const QString text = m_text->toPlainText();
    if (text.trimmed().isEmpty()) {
        onFailed(tr("The text is empty; type at least one word to analyse."), {}, false);
        return;
    }
    confirmStopCorpus(tr("Analyse the text"), [this, text] { m_state->analyze(text); });
}

RunSettings MainWindow::corpusRunSettings() const {
    RunSettings s;
    s.method = m_engine->settings();
    s.corpus.maxSequences = m_corpusSequences->value();
    s.corpus.minTokens = m_corpusMinTokens->value();
    s.corpus.maxTokens = m_corpusMaxTokens->value();
    return s;
}

void MainWindow::runCorpus() {
    if (!m_state->data().model) {
        onFailed(tr("Open a model first (File > Open model…)."), {}, false);
        return;
    }
    const QString path = m_corpusPath->text().trimmed();
    if (path.isEmpty() || !QFileInfo::exists(path)) {
        onFailed(path.isEmpty() ? tr("Choose a corpus file or folder first (Browse…).")
                                : tr("The corpus %1 does not exist; choose another file.")
                                      .arg(QDir::toNativeSeparators(path)),
                 {}, false);
        return;
    }
    if (m_corpusMinTokens->value() > m_corpusMaxTokens->value()) {
        onFailed(tr("The minimum number of tokens is larger than the maximum; correct the "
                    "token range of the corpus run."),
                 {}, false);
        return;
    }
    QSettings settings;
    settings.setValue(kCorpusKey, path);
    settings.setValue(kCorpusSequencesKey, m_corpusSequences->value());
    settings.setValue(kCorpusMinKey, m_corpusMinTokens->value());
    settings.setValue(kCorpusMaxKey, m_corpusMaxTokens->value());
    confirmStopCorpus(tr("Start a new corpus run"), [this, path] {
        m_log->add(LogPanel::Info, tr("Corpus run on %1.").arg(QDir::toNativeSeparators(path)));
        m_state->runCorpus(path, corpusRunSettings());
    });
}

void MainWindow::openResults(const QString& path) {
    QSettings().setValue(kResultsDirKey, QFileInfo(path).absolutePath());
    confirmStopCorpus(tr("Open %1").arg(QFileInfo(path).fileName()), [this, path] {
        m_log->add(LogPanel::Info, tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
        m_state->openResults(path);
    });
}

void MainWindow::openAttention(const QString& path) {
    const QFileInfo info(path);
    QSettings().setValue(kAttentionDirKey,
                         info.isDir() ? info.absoluteFilePath() : info.absolutePath());
    confirmStopCorpus(tr("Open %1").arg(info.fileName()), [this, path] {
        m_log->add(LogPanel::Info,
                   tr("Opening the attention in %1…").arg(QDir::toNativeSeparators(path)));
        m_state->openAttention(path);
    });
}

void MainWindow::saveResults(const QString& path) {
    QSettings().setValue(kResultsDirKey, QFileInfo(path).absolutePath());
    const AppState::Data& d = m_state->data();
    std::optional<HeadRef> selected;
    if (d.layer >= 0 && d.head >= 0) {
        selected = HeadRef{d.layer, d.head};
    }
    m_engine->saveResults(d.analysis, path, selected);
}

void MainWindow::setAlpha(double alpha) {
    m_state->setAlpha(alpha);
}

double MainWindow::alpha() const {
    return m_state->data().alpha;
}

void MainWindow::selectHead(int layer, int head) {
    m_state->selectHead(layer, head);
}

void MainWindow::cancel() {
    const bool pending =
        m_state->data().pending.intent != AppState::Intent::None || !m_runningKind.isEmpty();
    m_state->cancel();
    m_engine->cancelTimeline();
    m_progress->setVisible(false);
    m_stage->setVisible(false);
    m_cancelButton->setVisible(false);
    m_runningKind.clear();
    if (pending) {
        statusBar()->showMessage(tr("Cancelled."), 3000);
        m_log->add(LogPanel::Info, tr("Cancelled."));
    }
}

// Draws the application state in every view: the one place that feeds them, so none can show
// a source, a head or an alpha the state does not.
void MainWindow::render(const AppState::Data& d) {
    const bool newAnalysis = d.analysis != m_renderedAnalysis;
    const bool newModel = d.model != m_renderedModel;
    if (newAnalysis) {
        m_export->setSnapshot(d.analysis);
        m_grid->setSnapshot(d.analysis);
        for (HeadView* v : m_views) {
            v->setSnapshot(d.analysis);
        }
    }
    m_grid->setSelectedHead(d.layer, d.head);
    for (HeadView* v : m_views) {
        v->setSelectedHead(d.layer, d.head);
    }
    renderHeadParts(d);
    renderSource(d, newAnalysis, newModel);
    m_renderedAnalysis = d.analysis;
    m_renderedModel = d.model;
    updateActions();
}

// The heatmap and the rescaling view: the selected head's data, or what they wait for, or why
// there is none; never another head's. Before any analysis, every view's empty state.
void MainWindow::renderHeadParts(const AppState::Data& d) {
    using State = AppState::Part::State;
    // Before any analysis: what to do, never meaningless axes drawn as if they were data.
    const QString whatToDo = d.model
                                 ? tr("Type a text and press Analyze to see every head of %1.")
                                       .arg(QString::fromStdString(d.model->info.name))
                                 : tr("Open a model (File > Open model…) or the demo (Demo menu).");
    if (d.attentionPart.state == State::Shown && d.attention) {
        m_heatmap->setAttention(d.attention);
        m_export->setAttention(d.attention);
    } else {
        m_heatmap->setMessage(d.analysis ? d.attentionPart.message : whatToDo);
        m_export->setAttention(nullptr);
    }
    // No analysis: every view is covered by that sentence (or by what is on its way).
    QString emptyState;
    if (!d.analysis) {
        const bool pending =
            d.pending.intent != AppState::Intent::None && !d.pending.what.isEmpty();
        emptyState = pending ? d.pending.what : whatToDo;
    }
    for (QWidget* view :
         std::initializer_list<QWidget*>{m_grid, m_heatmap, m_spectrum, m_scalogram, m_rescaling,
                                         m_bandPower, m_scatter, m_table}) {
        EmptyState::set(view, emptyState);
    }
    // The head map: the engine's map of the shown analysis, or what it waits for, or why not.
    if (d.headMap != m_renderedHeadMap) {
        m_headMap->setHeadMap(d.headMap);
        // The head grid offers the classes as a colouring (the shown analysis is source 0, its
        // heads first in layer, head order).
        std::vector<int> classes;
        const AnalysisSnapshot* a = d.analysis.get();
        if (d.headMap && a && a->metrics) {
            const auto n = static_cast<std::size_t>(a->metrics->shape.layers) *
                           static_cast<std::size_t>(a->metrics->shape.heads);
            if (d.headMap->classes.size() >= n) {
                classes.assign(d.headMap->classes.begin(),
                               d.headMap->classes.begin() + static_cast<std::ptrdiff_t>(n));
            }
        }
        m_grid->setHeadClasses(std::move(classes), d.headMap ? d.headMap->k : 0);
        m_renderedHeadMap = d.headMap;
    }
    m_headMap->setRequestedClasses(d.headMapK);
    EmptyState::set(m_headMap, !emptyState.isEmpty() ? emptyState
                               : d.headMap           ? QString()
                                                     : d.headMapPart.message);
    m_rescaling->setAlpha(d.alpha);  // silent: no alphaChanged
    if (d.rescale) {
        m_rescaling->setRescale(d.rescale);
        m_rescaling->setBusyNote(d.rescalePart.state == State::Busy ? d.rescalePart.message
                                                                    : QString());
    } else {
        m_rescaling->setMessage(d.rescalePart.message);
    }
}

// The model card, the title, the status and the log for what is shown and what is in flight.
void MainWindow::renderSource(const AppState::Data& d, bool newAnalysis, bool newModel) {
    const AnalysisSnapshot* a = d.analysis.get();
    // The card describes the model of what is shown (none for the teaching patterns or a
    // results file), never the one open before.
    if (d.pending.intent == AppState::Intent::OpenModel ||
        d.pending.intent == AppState::Intent::DemoEntry) {
        m_card->setCard(d.analysisModel ? d.analysisModel : d.model);
        m_card->setLoading(QDir::toNativeSeparators(d.pending.folder));
    } else if (a != nullptr && a->kind == AnalysisKind::TeachingPatterns) {
        m_card->setCard(nullptr);
        m_card->setMessage(
            tr("Teaching patterns: one layer of %1 synthetic heads (no model). "
               "The model %2 stays open for your next analysis.")
                .arg(a->metrics->shape.heads)
                .arg(d.model ? QString::fromStdString(d.model->info.name) : tr("(none)")));
    } else if (a != nullptr && a->kind == AnalysisKind::Attention) {
        m_card->setCard(nullptr);
        const bool labelled = !a->tokens.empty() && a->tokens.front().text != "0";
        QString text = tr("Attention from %1: %2 layers × %3 heads over %4 tokens (no model; %5).")
                           .arg(QString::fromStdString(a->sourceName))
                           .arg(a->metrics->shape.layers)
                           .arg(a->metrics->shape.heads)
                           .arg(a->metrics->shape.tokens)
                           .arg(labelled ? tr("token labels from its sidecar")
                                         : tr("no token sidecar, so tokens are numbered"));
        if (d.model) {
            text += QLatin1Char(' ') + tr("The model %1 stays open for your next analysis.")
                                           .arg(QString::fromStdString(d.model->info.name));
        }
        m_card->setMessage(text);
    } else if (a != nullptr && a->run) {
        m_card->setCard(a->model);
        m_card->setMessage(tr("Corpus run of %1: %2 sequences, %3 layers × %4 heads.")
                               .arg(QString::fromStdString(a->run->model.name))
                               .arg(a->run->sequences())
                               .arg(a->metrics->shape.layers)
                               .arg(a->metrics->shape.heads));
    } else {
        m_card->setCard(d.analysisModel ? d.analysisModel : d.model);
    }
    if (d.pending.intent != AppState::Intent::None) {
        statusBar()->showMessage(d.pending.what);
    }
    if (newModel && d.model) {
        const QString name = QString::fromStdString(d.model->info.name);
        const QString dir = QString::fromStdString(d.model->dir);
        m_log->add(LogPanel::Info, tr("Model %1 loaded.").arg(name));
        statusBar()->showMessage(tr("Model %1 loaded.").arg(name), 5000);
        QSettings settings;
        settings.setValue(kLastModelKey, dir);
        settings.setValue(kLastDirKey, QFileInfo(dir).absolutePath());
        RecentModels().add(dir);
        fillRecentMenu();
        QJsonObject about;
        about.insert(QStringLiteral("model"), name);
        about.insert(QStringLiteral("architecture"),
                     QString::fromStdString(d.model->config.modelType));
        about.insert(QStringLiteral("config_hash"),
                     QString::fromStdString(d.model->info.configHash));
        m_export->setAbout(about);
    }
    const QString source = a != nullptr
                               ? QString::fromStdString(a->sourceName)
                               : (d.model ? QString::fromStdString(d.model->info.name) : QString());
    setWindowTitle(source.isEmpty() ? tr("Headwave") : tr("%1 — Headwave").arg(source));
    if (newAnalysis && a != nullptr) {
        const AttentionShape& s = a->metrics->shape;
        const QString rho =
            std::isfinite(a->rho) ? QLocale().toString(a->rho, 'f', 3) : tr("undefined");
        const QString message =
            a->run ? tr("%1 sequences, %2 layers × %3 heads, wavelet level %4; ρ = %5.")
                         .arg(a->run->sequences())
                         .arg(s.layers)
                         .arg(s.heads)
                         .arg(a->metrics->level)
                         .arg(rho)
                   : tr("%1 tokens, %2 layers × %3 heads, wavelet level %4; ρ = %5.")
                         .arg(s.tokens)
                         .arg(s.layers)
                         .arg(s.heads)
                         .arg(a->metrics->level)
                         .arg(rho);
        statusBar()->showMessage(message);
        m_log->add(LogPanel::Info, message);
    }
}

void MainWindow::onProgress(const QString& kind, double fraction, const QString& stage,
                            bool finished) {
    if (kind == QLatin1String(kJobAttention) || kind == QLatin1String(kJobRescale)) {
        return;  // fast and frequent; a flashing bar would only distract
    }
    if (finished) {
        if (kind == m_runningKind) {
            m_runningKind.clear();
            m_progress->setVisible(false);
            m_stage->setVisible(false);
            m_cancelButton->setVisible(false);
        }
        return;
    }
    m_runningKind = kind;
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_stage->setVisible(!stage.isEmpty());
    m_stage->setText(stage);
    m_progress->setValue(static_cast<int>(fraction * 1000.0));
}

void MainWindow::onFailed(const QString& message, const QString& detail, bool blocking) {
    m_log->add(LogPanel::Error, message, detail);
    if (blocking) {
        // Blocking errors end a load, or concern a file: the card shows what is shown.
        render(m_state->data());
        // Window-modal and non-blocking: the event loop (and the engine's results) keep running.
        if (m_errorBox) {
            m_errorBox->close();
        }
        m_errorBox =
            new QMessageBox(QMessageBox::Warning, tr("Headwave"), message, QMessageBox::Ok, this);
        m_errorBox->setObjectName(QStringLiteral("errorBox"));
        m_errorBox->setDetailedText(detail);
        m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
        m_errorBox->open();
    }
    statusBar()->showMessage(message, 10000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().size() == 1 && mime->urls().front().isLocalFile()) {
        const QFileInfo info(mime->urls().front().toLocalFile());
        if (info.isDir() || info.suffix() == QLatin1String("hwrun") ||
            isAttentionPath(info.filePath())) {
            event->acceptProposedAction();
            return;
        }
    }
    event->ignore();
}

bool isAttentionPath(const QString& path) {
    const QFileInfo info(path);
    const QStringList patterns = {QStringLiteral("*.npy"), QStringLiteral("*.npz"),
                                  QStringLiteral("*.safetensors")};
    if (info.isFile()) {
        return QDir::match(patterns, info.fileName());
    }
    return info.isDir() && !QFileInfo::exists(QDir(path).filePath(QStringLiteral("config.json"))) &&
           !QDir(path).entryList(patterns, QDir::Files).isEmpty();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!mime->hasUrls() || mime->urls().isEmpty()) {
        return;
    }
    const QString path = mime->urls().front().toLocalFile();
    if (isAttentionPath(path)) {
        openAttention(path);
    } else if (QFileInfo(path).isDir()) {
        openModel(path);
    } else {
        openResults(path);
    }
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    setPresenterMode(false);  // the normal layout is the one saved
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kStateVersion));
    QMainWindow::closeEvent(event);
}

}  // namespace headwave
