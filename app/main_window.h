// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: the model, the input (a text or a corpus), the method settings, a log and every
// view, each as a dock (View menu toggles, layout saved between sessions). Owns the
// EngineController; views get its immutable snapshots, and a head picked in any view selects it
// in every view and asks the engine for that head's attention and rescaling.
//
//   MainWindow w;
//   w.show();
//   w.openModel("models/stories260K");
#pragma once

#include <QFont>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "app/app_state.h"
#include "app/lesson.h"
#include "app/theme.h"
#include "widgets/color_maps.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QGroupBox;
class QLabel;
class QLineEdit;
class QMenu;

class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace headwave {

class AttentionHeatmapView;
class BandPowerView;
class HeadView;
class MetricsTableView;
class UncertaintyScatterView;
class HeadMapView;
class RescalingView;
class ScalogramView;
class TokenStrip;
class TimelineView;
struct TimelineRow;
class SpectrumView;
class EngineController;
class CompareWindow;
class ExportActions;
class HeadGridView;
class LessonPanel;
class LogPanel;
class ModelCardPanel;
class SettingsPanel;
struct AnalysisSnapshot;
struct HeadAttention;
struct ModelCard;
struct RescaleSnapshot;
struct RunSettings;

// Whether a path is attention to open with MainWindow::openAttention: a .npy, .npz or
// .safetensors file, or a folder of such files without a config.json (which would be a model).
bool isAttentionPath(const QString& path);

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What desktops match a window by: the desktop file name (org.headwave.Headwave, so the
    // window gets the .desktop file's name and icon) and the application's window icon (the
    // installed theme icon, else the SVG embedded under :/icons). main() calls it once.
    static void setApplicationIdentity();
    // Help > About Headwave: the version, the licence (GPL-3.0-or-later) and the versions of Qt,
    // QCustomPlot, libtorch and FFTW in use (the engine's, headwave/run/library_versions.h).
    QString aboutText() const;

    void openModel(const QString& dir);
    // Opens a model folder and, once it has loaded, analyses text (the demo's first paragraph when
    // empty). openDemo() with no folder opens the demo's final RoPE checkpoint (app/demo.h);
    // returns false (and says so in the log) when no demo is installed.
    bool openDemo(const QString& dir = {}, const QString& text = {});
    // Demo > Training timeline / Positional schemes: the demo's checkpoints or twins compared on
    // its text, shown in the Timeline dock.
    void showDemoTimeline();
    void showDemoSchemes();
    // Demo > Teaching patterns: synthetic heads with known structure in every view.
    void showTeachingPatterns();
    void setText(const QString& text);
    void analyze();
    void setCorpusPath(const QString& path);
    // Runs the corpus of the Input dock with the settings of the Settings dock.
    void runCorpus();
    void openResults(const QString& path);
    // An attention file (.npy, .npz, .safetensors) or a folder of per-layer files.
    void openAttention(const QString& path);
    void saveResults(const QString& path);
    // Selects a head in every view and asks for its attention and rescaling.
    void selectHead(int layer, int head);
    // The rescaling factor used when a head is selected (the rescaling slider's value).
    void setAlpha(double alpha);
    double alpha() const;
    // Stops the intent in flight (and a comparison): the status bar's Cancel, Esc.
    void cancel();
    // Replaces the text box's text with the demo's (an edit: Undo brings the user's back).
    void useDemoText();
    // File > Compare sources…: the comparison workspace (one per window, made on first use), whose
    // "Add the current analysis" takes the analysis this window shows.
    CompareWindow* openCompareWindow();

    // ---- lessons (app/lesson.h; main_window_lesson.cpp) ---------------------------------------
    // Opens a lesson file at its first step; false (and a message naming the problem: a
    // malformed file, a model not here) when it cannot be shown.
    bool openLesson(const QString& path);
    // Applies step i of the open lesson through the state's intents: its source and text (opened
    // again unless the lesson's last analysis is still the one shown), settings, alpha, head,
    // pinned heads and views. The same state whatever was shown or clicked before.
    void showLessonStep(int index);
    // Whether a step's source is still on its way (its head and pins are applied once it is shown).
    bool lessonStepPending() const { return m_lessonPending.has_value(); }
    // The app's state as a lesson step (recording): source, text, heads, alpha, settings that
    // differ from the defaults, the view docks shown and the emphasised one.
    LessonStep stateAsLessonStep() const;
    // The view the current step emphasises (a name of lessonViewNames()); empty: none.
    QString emphasisedView() const { return m_emphasis; }
    // A view's dock by its lesson name (tokens, headGrid, heatmap, …), or nullptr.
    QDockWidget* viewDock(const QString& name) const;
    // Presenter mode (F11, View > Presenter mode): large text, thick lines, high contrast, only the
    // step's views and the lesson panel; switching it off restores the layout as it was.
    void setPresenterMode(bool on);
    bool presenterMode() const { return m_presenter; }
    // The minimum font size of presenter mode, in points.
    static constexpr double kPresenterPointSize = 18;
    static constexpr int kPresenterStateVersion = 7001;  // saveState() of the normal layout
    // File > Export handout: a PDF (A4) with a page per step of the open lesson — the step's
    // emphasised view at one-column width through the figure export, its explanation and its
    // question. Applies every step in turn (waiting for each), then returns to the current one.
    // The error sentence, empty on success; the file is written atomically.
    QString exportHandout(const QString& path);
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    QDockWidget* lessonDock() const { return m_lessonDock; }

    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }
    void setColorMap(ColorMap map);
    ColorMap colorMap() const { return m_colorMap; }

    // The corpus-run settings the Input dock gives (method settings from the Settings dock).
    RunSettings corpusRunSettings() const;

    EngineController* engine() const { return m_engine; }
    AppState* state() const { return m_state; }
    HeadGridView* headGrid() const { return m_grid; }
    AttentionHeatmapView* heatmap() const { return m_heatmap; }
    SpectrumView* spectrum() const { return m_spectrum; }
    TokenStrip* tokenStrip() const { return m_tokens; }
    RescalingView* rescaling() const { return m_rescaling; }
    ScalogramView* scalogram() const { return m_scalogram; }
    BandPowerView* bandPower() const { return m_bandPower; }
    UncertaintyScatterView* uncertaintyScatter() const { return m_scatter; }
    MetricsTableView* metricsTable() const { return m_table; }
    HeadMapView* headMapView() const { return m_headMap; }
    TimelineView* timeline() const { return m_timeline; }
    QDockWidget* timelineDock() const { return m_timelineDock; }
    QMenu* demoMenu() const { return m_demoMenu; }
    // Every view that shows the AnalysisSnapshot (linked selection).
    const std::vector<HeadView*>& views() const { return m_views; }
    SettingsPanel* settingsPanel() const { return m_settings; }
    LogPanel* logPanel() const { return m_log; }
    ModelCardPanel* modelCardPanel() const { return m_card; }
    QMenu* recentMenu() const { return m_recentMenu; }
    const std::vector<QDockWidget*>& docks() const { return m_docks; }
    // The last blocking error's message box (open until the user closes it), or nullptr.
    QMessageBox* errorBox() const { return m_errorBox; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;  // presenter mode keeps its proportions

private:
    struct Docks;  // the docks the default layout arranges and sizes
    // The constructor's steps, in order.
    void loadAppearance();  // theme and colour map from the settings
    void createEngine();    // with the method settings of the last session
    void createDocks(Docks& docks);
    void createSideDocks(Docks& docks);
    void createTopViewDocks(Docks& docks);
    void createBottomViewDocks(Docks& docks);
    void createTabbedViewDocks(Docks& docks);
    void createTimelineDock(Docks& docks);
    void createLogDock(Docks& docks);
    void createLessonDock();
    void createLessonActions(QMenu* file, QMenu* view);
    void continueLessonStep(const AppState::Data& data);
    void finishLessonStep();
    void applyLessonViews(const LessonStep& step);
    void styleEmphasis();
    void arrangePresenterDocks();
    void sizePresenterDocks();
    void applyPresenterStyle();
    void chooseLessonToOpen();
    void chooseLessonToSave();
    void chooseHandoutToSave();
    void createCentralPlaceholder();
    void connectViews();
    void connectEngine();
    void createExportActions();
    void setDefaultLayout(const Docks& docks);
    void restoreSavedLayout();
    QWidget* createInput();
    QGroupBox* createCorpusBox(QWidget* input);
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);
    void createMenus();
    void createFileMenu();
    void createAnalysisMenu();
    void createViewMenu();
    void addThemeMenu(QMenu* view);
    void addColorMapMenu(QMenu* view);
    void addLanguageMenu(QMenu* view);
    void createHelpMenu();
    void createDemoMenu();
    void setWhatsThisTexts();
    void requestTimeline(const QStringList& dirs, const QString& what);
    void createStatusBar();
    void fillRecentMenu();
    void chooseModel();
    void chooseHubModel();  // File > Open from Hugging Face cache…
    void chooseCorpus();
    void chooseResultsToOpen();
    void chooseAttentionToOpen();
    void chooseAttentionFolderToOpen();
    void chooseResultsToSave();
    void resetLayout();
    void restylePlots();
    void showAbout();
    void setLanguage(const QString& code);
    void updateActions();
    void render(const AppState::Data& data);
    void renderHeadParts(const AppState::Data& data);
    void renderSource(const AppState::Data& data, bool newAnalysis, bool newModel);
    // Runs `then` at once, or, while a corpus run is in flight, after asking to stop it.
    void confirmStopCorpus(const QString& action, const std::function<void()>& then);
    // The user's text, or the demo's first paragraph (put in the text box) when there is none.
    QString textToAnalyze(const QString& demo);
    void replaceText(const QString& text);
    void onProgress(const QString& kind, double fraction, const QString& stage, bool finished);
    void onFailed(const QString& message, const QString& detail, bool blocking);

    LessonPanel* m_lessonPanel = nullptr;
    QDockWidget* m_lessonDock = nullptr;
    std::optional<LessonStep> m_lessonPending;  // the step whose source is on its way
    quint64 m_lessonSerial = 0;                 // the source intent the pending step began
    QString m_lessonKey;              // the source, text and settings of the lesson's analysis
    quint64 m_lessonShownSerial = 0;  // ... and the intent that showed it
    QString m_lessonPendingKey;       // the key of the pending step's source
    bool m_lessonStarting = false;    // a step's source intent is being begun
    QString m_emphasis;
    bool m_presenter = false;
    QByteArray m_presenterSavedState;  // the normal layout (saveState) while presenting
    QByteArray m_presenterSavedGeometry;
    QFont m_presenterSavedFont;
    QList<QDockWidget*> m_presenterSavedShown;
    QAction* m_presenterAction = nullptr;
    ExportActions* m_export = nullptr;
    QPointer<CompareWindow> m_compare;
    EngineController* m_engine = nullptr;
    HeadGridView* m_grid = nullptr;
    AttentionHeatmapView* m_heatmap = nullptr;
    SpectrumView* m_spectrum = nullptr;
    TokenStrip* m_tokens = nullptr;
    RescalingView* m_rescaling = nullptr;
    ScalogramView* m_scalogram = nullptr;
    BandPowerView* m_bandPower = nullptr;
    UncertaintyScatterView* m_scatter = nullptr;
    MetricsTableView* m_table = nullptr;
    HeadMapView* m_headMap = nullptr;
    TimelineView* m_timeline = nullptr;
    QDockWidget* m_timelineDock = nullptr;
    QMenu* m_demoMenu = nullptr;
    std::vector<HeadView*> m_views;
    SettingsPanel* m_settings = nullptr;
    LogPanel* m_log = nullptr;
    ModelCardPanel* m_card = nullptr;
    std::vector<QDockWidget*> m_docks;
    QPlainTextEdit* m_text = nullptr;
    QPushButton* m_analyzeButton = nullptr;
    QLineEdit* m_corpusPath = nullptr;
    QSpinBox* m_corpusSequences = nullptr;
    QSpinBox* m_corpusMinTokens = nullptr;
    QSpinBox* m_corpusMaxTokens = nullptr;
    QPushButton* m_corpusButton = nullptr;
    QPushButton* m_saveButton = nullptr;
    QLabel* m_stage = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_analyzeAction = nullptr;
    QAction* m_corpusAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QActionGroup* m_colorGroup = nullptr;
    QPointer<QMessageBox> m_errorBox;
    QString m_runningKind;  // the job the status bar shows
    AppState* m_state = nullptr;
    std::shared_ptr<const AnalysisSnapshot> m_renderedAnalysis;  // what render() last drew
    std::shared_ptr<const HeadMap> m_renderedHeadMap;            // the head map it last drew
    std::shared_ptr<const ModelCard> m_renderedModel;
    Theme m_theme = Theme::System;
    ColorMap m_colorMap = ColorMap::Viridis;
    std::function<void()> m_defaultSizes;  // the default dock sizes for the window's size
    bool m_shown = false;
    bool m_layoutRestored = false;  // a saved layout was applied
    QByteArray m_defaultState;      // the layout before restoring the saved one ("Reset layout")
};

}  // namespace headwave
