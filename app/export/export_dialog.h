// SPDX-License-Identifier: GPL-3.0-or-later
// The "Export figure" dialog: format, physical size (mm or inches, one- and two-column presets),
// DPI, publication style (font family and size, line width, titles), a live preview of exactly
// what will be written, then a save dialog that asks before overwriting. Also copies the figure
// to the clipboard.
//
//   ExportDialog dialog(spectrumView, this);
//   dialog.exec();
#pragma once

#include <QDialog>

#include "app/export/figure_exporter.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFontComboBox;
class QLabel;
class QSpinBox;

namespace headwave {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(QWidget* view, QWidget* parent = nullptr);

    FigureOptions options() const;
    FigureFormat format() const;
    void setOptions(const FigureOptions& options, FigureFormat format);

    // Writes the figure to path (no questions); an empty string or the error shown to the user.
    QString exportTo(const QString& path);

    // The options of the last export, kept between dialogs (QSettings).
    static FigureOptions savedOptions(FigureFormat* format = nullptr);

private:
    void updatePreview();
    void choosePathAndExport();
    void copyToClipboard();
    double toMm(double v) const;
    double fromMm(double mm) const;

    QWidget* m_view;
    QComboBox* m_format = nullptr;
    QComboBox* m_preset = nullptr;
    QComboBox* m_unit = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QDoubleSpinBox* m_height = nullptr;
    QSpinBox* m_dpi = nullptr;
    QCheckBox* m_publication = nullptr;
    QCheckBox* m_titles = nullptr;
    QCheckBox* m_markSelected = nullptr;
    QFontComboBox* m_font = nullptr;
    QDoubleSpinBox* m_fontSize = nullptr;
    QDoubleSpinBox* m_lineWidth = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_info = nullptr;
    bool m_inches = false;
};

}  // namespace headwave
