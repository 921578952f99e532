// SPDX-License-Identifier: GPL-3.0-or-later
// The export actions of the main window: for every view, "Export figure…" (the export dialog),
// "Copy figure" and "Export data…" (CSV or JSON), in a File > Export menu and in each view's
// context menu (right click); plus "Export figure set…" and the selected head's attention matrix
// as .npy. Owns no data: the window hands it the current snapshot and attention.
//
//   auto* exporter = new ExportActions(this);
//   exporter->addView(spectrumView, tr("Spectrum"));
//   exporter->fillMenu(fileMenu->addMenu(tr("&Export")));
//   exporter->setSnapshot(snapshot);             // on every new analysis
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>

#include "headwave/run/snapshots.h"

class QMenu;
class QWidget;

namespace headwave {

class ExportActions : public QObject {
    Q_OBJECT
public:
    explicit ExportActions(QWidget* window);

    // A view to export; its plots get a context menu with the view's actions.
    void addView(QWidget* view, const QString& title);
    // Adds one submenu per view and the figure-set and attention actions to `menu`.
    void fillMenu(QMenu* menu);

    void setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot);
    void setAttention(std::shared_ptr<const HeadAttention> attention);
    // What the data headers and the figure-set manifest say about the source (model, text or
    // corpus, settings).
    void setAbout(const QJsonObject& about) { m_about = about; }

    // The actions (they ask for a file or folder, then call the *To functions).
    void exportFigure(QWidget* view);
    void exportData(QWidget* view, const QString& title);
    void exportFigureSet();
    void exportAttention();

    // The same to a given path: an empty string or a translated error (also emitted as failed).
    QString exportDataTo(QWidget* view, const QString& title, const QString& path);
    QString exportFigureSetTo(const QString& folder, bool overwrite);
    QString exportAttentionTo(const QString& path);

Q_SIGNALS:
    // A file or folder was written (for the log).
    void exported(const QString& path);
    // An export failed: a translated sentence (also shown in a dialog).
    void failed(const QString& message);

private:
    QJsonObject aboutWithSettings() const;
    void report(const QString& error, const QString& path);

    struct View {
        QWidget* widget;
        QString title;
    };
    QWidget* m_window;
    QList<View> m_views;
    std::shared_ptr<const AnalysisSnapshot> m_snapshot;
    std::shared_ptr<const HeadAttention> m_attention;
    QJsonObject m_about;
};

}  // namespace headwave
