// The main window: a text box with an Analyze button and every view, each as a dock
// (View menu toggles, layout saved between sessions). Owns the EngineController; views get its
// immutable snapshots and their intents (head selection) go back to it.
//
//   MainWindow w;
//   w.show();
//   w.openModel("models/stories260K");
#pragma once

#include <QMainWindow>
#include <memory>

class QDockWidget;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace headwave {

class AttentionHeatmapView;
class EngineController;
class HeadGridView;
struct AnalysisSnapshot;
struct HeadAttention;
struct ModelCard;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openModel(const QString& dir);
    void setText(const QString& text);
    void analyze();

    EngineController* engine() const { return m_engine; }
    HeadGridView* headGrid() const { return m_grid; }
    AttentionHeatmapView* heatmap() const { return m_heatmap; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void chooseModel();
    void resetLayout();
    void onModelLoaded(const std::shared_ptr<const ModelCard>& card);
    void onAnalysisReady(const std::shared_ptr<const AnalysisSnapshot>& snapshot);
    void onAttentionReady(const std::shared_ptr<const HeadAttention>& attention);
    void onProgress(const QString& kind, double fraction, const QString& stage, bool finished);
    void onFailed(const QString& message, const QString& detail, bool blocking);

    EngineController* m_engine = nullptr;
    HeadGridView* m_grid = nullptr;
    AttentionHeatmapView* m_heatmap = nullptr;
    QDockWidget* m_inputDock = nullptr;
    QDockWidget* m_gridDock = nullptr;
    QDockWidget* m_heatmapDock = nullptr;
    QLabel* m_modelLabel = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QPushButton* m_analyzeButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QByteArray m_defaultState;  // the layout before restoring the saved one ("Reset layout")
};

}  // namespace headwave
