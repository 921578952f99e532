// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison workspace (File > Compare sources…): a list of sources (the analysis the main
// window shows, added one at a time as models, checkpoints, twins or attention files are opened
// and analysed, and results files), and ComparisonView drawing the engine's Comparison of them.
// Every number comes from Session::compare on the engine's worker (EngineController); the window
// keeps the sources and shows the engine's answer or its message (fewer than two sources, a source
// without per-head metrics), never a half-drawn mix.
//
//   auto* w = new CompareWindow(engine, [state] { return state->data().analysis; }, parent);
//   w->addSource(QStringLiteral("rope"), analysis);
//   w->addSourceFile(QStringLiteral("run.hwrun"));    // opened on the worker
//   w->exportFigureSetTo(folder);                      // PDF + PNG per view, CSV per table
#pragma once

#include <QMainWindow>
#include <QString>
#include <functional>
#include <vector>

#include "headwave/run/comparison.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace headwave {

class ComparisonView;
class EngineController;

class CompareWindow : public QMainWindow {
    Q_OBJECT
public:
    CompareWindow(EngineController* engine, std::function<AnalysisPtr()> currentAnalysis,
                  QWidget* parent = nullptr);
    ~CompareWindow() override;

    // Adds a source (its label made unique in the list) and asks the engine for the comparison.
    void addSource(const QString& label, AnalysisPtr analysis);
    // The main window's current analysis; false with a message when there is none.
    bool addCurrentAnalysis();
    // A results file (.hwrun), or an attention file analysed with the main window's settings,
    // opened on the engine's worker; added when it arrives.
    void addSourceFile(const QString& path);
    void removeSource(int index);
    const std::vector<ComparisonSource>& sources() const { return m_sources; }

    ComparisonView* view() const { return m_view; }
    // The last message (empty when none): what to do, or why there is no comparison (shown over
    // the views while there is none, above them otherwise).
    QString message() const;

    // Writes every view of the workspace as PDF and PNG and every table of the comparison as CSV
    // into the folder. Returns an empty string or a translated error.
    QString exportFigureSetTo(const QString& folder);

Q_SIGNALS:
    // A comparison arrived and is drawn.
    void comparisonShown();

private:
    void chooseSourceFiles();
    void chooseExportFolder();
    void requestComparison();
    void showMessage(const QString& text);
    void updateButtons();

    EngineController* m_engine = nullptr;
    std::function<AnalysisPtr()> m_currentAnalysis;
    std::vector<ComparisonSource> m_sources;
    ComparisonView* m_view = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_message = nullptr;
    QString m_messageText;  // the last message, shown over the views or above them
    QPushButton* m_removeButton = nullptr;
    quint64 m_request = 0;           // the comparison request in flight
    std::vector<quint64> m_opening;  // results files being opened
};

}  // namespace headwave
