// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/export/export_actions.h"

#include <qcustomplot.h>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>

#include "app/export/export_dialog.h"
#include "app/export/figure_exporter.h"
#include "app/export/figure_set.h"
#include "headwave/formats/npy_reader.h"

namespace headwave {

ExportActions::ExportActions(QWidget* window) : QObject(window), m_window(window) {}

void ExportActions::addView(QWidget* view, const QString& title) {
    m_views.push_back({view, title});
    for (QCustomPlot* plot : view->findChildren<QCustomPlot*>()) {
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, view, title, plot](const QPoint& at) {
                    QMenu menu(plot);
                    menu.addAction(tr("Export figure…"), this,
                                   [this, view] { exportFigure(view); });
                    menu.addAction(tr("Copy figure"), this, [view] {
                        copyFigureToClipboard(view, ExportDialog::savedOptions());
                    });
                    menu.addAction(tr("Export data…"), this,
                                   [this, view, title] { exportData(view, title); });
                    menu.exec(plot->mapToGlobal(at));
                });
    }
}

void ExportActions::fillMenu(QMenu* menu) {
    for (const View& v : m_views) {
        QMenu* sub = menu->addMenu(v.title);
        QWidget* view = v.widget;
        const QString title = v.title;
        sub->addAction(tr("Figure…"), this, [this, view] { exportFigure(view); });
        sub->addAction(tr("Copy figure"), this,
                       [view] { copyFigureToClipboard(view, ExportDialog::savedOptions()); });
        sub->addAction(tr("Data (CSV, JSON)…"), this,
                       [this, view, title] { exportData(view, title); });
    }
    menu->addSeparator();
    QAction* set = menu->addAction(tr("Figure &set…"), this, &ExportActions::exportFigureSet);
    set->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    menu->addAction(tr("Selected head's &attention (.npy)…"), this,
                    &ExportActions::exportAttention);
}

void ExportActions::setSnapshot(std::shared_ptr<const AnalysisSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
}

void ExportActions::setAttention(std::shared_ptr<const HeadAttention> attention) {
    m_attention = std::move(attention);
}

QJsonObject ExportActions::aboutWithSettings() const {
    QJsonObject about = m_about;
    if (m_snapshot) {
        about.insert(
            QStringLiteral("settings"),
            QJsonDocument::fromJson(QByteArray::fromStdString(m_snapshot->settings.toJson()))
                .object());
        if (m_snapshot->metrics) {
            about.insert(QStringLiteral("source"),
                         QString::fromStdString(m_snapshot->metrics->name));
            about.insert(QStringLiteral("tokens"), m_snapshot->metrics->shape.tokens);
        }
    }
    return about;
}

void ExportActions::report(const QString& error, const QString& path) {
    if (error.isEmpty()) {
        Q_EMIT exported(path);
        return;
    }
    Q_EMIT failed(error);
    QMessageBox::warning(m_window, tr("Export"), error);
}

void ExportActions::exportFigure(QWidget* view) {
    if (figurePlots(view).isEmpty() || !m_snapshot) {
        report(tr("There is nothing to export yet; analyse a text or open a results file first."),
               {});
        return;
    }
    ExportDialog dialog(view, m_window);
    dialog.exec();
}

void ExportActions::exportData(QWidget* view, const QString& title) {
    if (!m_snapshot) {
        report(tr("There is nothing to export yet; analyse a text or open a results file first."),
               {});
        return;
    }
    const QString base = title.toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export data"), base + QStringLiteral(".csv"),
                                     tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty()) {
        return;
    }
    if (const QString error = exportDataTo(view, title, path); !error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Export"), error);
    }
}

QString ExportActions::exportDataTo(QWidget* view, const QString& title, const QString& path) {
    if (!m_snapshot) {
        const QString e =
            tr("There is nothing to export yet; analyse a text or open a results "
               "file first.");
        Q_EMIT failed(e);
        return e;
    }
    const DataFormat format = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)
                                  ? DataFormat::Json
                                  : DataFormat::Csv;
    QJsonObject about = aboutWithSettings();
    about.insert(QStringLiteral("view"), title);
    const QString error = exportViewData(view, path, format, about);
    if (error.isEmpty()) {
        Q_EMIT exported(path);
    } else {
        Q_EMIT failed(error);
    }
    return error;
}

void ExportActions::exportFigureSet() {
    if (!m_snapshot || !m_snapshot->metrics) {
        report(tr("There is nothing to export yet; analyse a text or open a results file first."),
               {});
        return;
    }
    const QString folder =
        QFileDialog::getExistingDirectory(m_window, tr("Export figure set into folder"));
    if (folder.isEmpty()) {
        return;
    }
    QString error = exportFigureSetTo(folder, false);
    if (error.contains(QStringLiteral("already exists"))) {
        const auto answer =
            QMessageBox::question(m_window, tr("Export figure set"),
                                  tr("The folder already holds figures of a set. Replace them?"),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            return;
        }
        error = exportFigureSetTo(folder, true);
    }
    if (!error.isEmpty()) {
        QMessageBox::warning(m_window, tr("Export"), error);
    }
}

QString ExportActions::exportFigureSetTo(const QString& folder, bool overwrite) {
    if (!m_snapshot || !m_snapshot->metrics) {
        const QString e =
            tr("There is nothing to export yet; analyse a text or open a results "
               "file first.");
        Q_EMIT failed(e);
        return e;
    }
    FigureSetOptions options;
    options.figure = ExportDialog::savedOptions();
    options.about = aboutWithSettings();
    options.overwrite = overwrite;
    QProgressDialog progress(tr("Writing the figures…"), QString(), 0, 1, m_window);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    const FigureSetResult result =
        writeFigureSet(m_snapshot, folder, options, [&](int done, int total) {
            progress.setMaximum(total);
            progress.setValue(done);
        });
    if (result.error.isEmpty()) {
        Q_EMIT exported(folder);
    } else if (!result.error.contains(QStringLiteral("already exists")) || overwrite) {
        Q_EMIT failed(result.error);
    }
    return result.error;
}

void ExportActions::exportAttention() {
    if (!m_attention || m_attention->probs.empty()) {
        report(tr("No head's attention is shown yet; analyse a text and select a head."), {});
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export attention"),
        QStringLiteral("attention_L%1H%2.npy").arg(m_attention->layer).arg(m_attention->head),
        tr("NumPy array (*.npy)"));
    if (path.isEmpty()) {
        return;
    }
    report(exportAttentionTo(path), path);
}

QString ExportActions::exportAttentionTo(const QString& path) {
    if (!m_attention || m_attention->probs.empty()) {
        return tr("No head's attention is shown yet; analyse a text and select a head.");
    }
    const auto T = static_cast<std::int64_t>(m_attention->tokens);
    const Status s =
        writeNpy(path.toStdString(), DType::Float32, {T, T}, m_attention->probs.data());
    return s ? QString()
             : tr("Could not write '%1': %2")
                   .arg(QDir::toNativeSeparators(path),
                        QString::fromStdString(s.error().describe()));
}

}  // namespace headwave
