// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/export/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace headwave {

namespace {

const FigureFormat kFormats[] = {FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png,
                                 FigureFormat::Tiff};

}  // namespace

ExportDialog::ExportDialog(QWidget* view, QWidget* parent) : QDialog(parent), m_view(view) {
    setWindowTitle(tr("Export figure"));
    m_format = new QComboBox(this);
    m_format->addItem(tr("PDF (vector, fonts embedded)"));
    m_format->addItem(tr("SVG (vector, text as text)"));
    m_format->addItem(tr("PNG (raster)"));
    m_format->addItem(tr("TIFF (raster, lossless)"));
    m_preset = new QComboBox(this);
    m_preset->addItem(tr("One column (85 mm)"), FigureOptions::kOneColumnMm);
    m_preset->addItem(tr("Two columns (175 mm)"), FigureOptions::kTwoColumnMm);
    m_preset->addItem(tr("Custom"), 0.0);
    m_unit = new QComboBox(this);
    m_unit->addItem(tr("mm"));
    m_unit->addItem(tr("inches"));
    m_width = new QDoubleSpinBox(this);
    m_height = new QDoubleSpinBox(this);
    for (QDoubleSpinBox* s : {m_width, m_height}) {
        s->setDecimals(1);
        s->setRange(10.0, 1000.0);
        s->setSingleStep(5.0);
    }
    m_dpi = new QSpinBox(this);
    m_dpi->setRange(FigureOptions::kMinDpi, FigureOptions::kMaxDpi);
    m_dpi->setSingleStep(50);
    m_dpi->setSuffix(tr(" dpi"));
    m_publication = new QCheckBox(tr("Publication style (black on white, whatever the theme)"));
    m_titles = new QCheckBox(tr("Titles above the plots"));
    m_markSelected = new QCheckBox(tr("Mark the selected head"));
    m_font = new QFontComboBox(this);
    m_fontSize = new QDoubleSpinBox(this);
    m_fontSize->setRange(4.0, 48.0);
    m_fontSize->setSuffix(tr(" pt"));
    m_lineWidth = new QDoubleSpinBox(this);
    m_lineWidth->setRange(0.1, 10.0);
    m_lineWidth->setSingleStep(0.25);
    m_lineWidth->setSuffix(tr(" pt"));

    auto* size = new QHBoxLayout;
    size->addWidget(m_width);
    size->addWidget(new QLabel(QStringLiteral("\u00D7")));
    size->addWidget(m_height);
    size->addWidget(m_unit);
    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Width preset:"), m_preset);
    form->addRow(tr("Size:"), size);
    form->addRow(tr("Resolution:"), m_dpi);
    form->addRow(m_publication);
    form->addRow(tr("Font:"), m_font);
    form->addRow(tr("Font size:"), m_fontSize);
    form->addRow(tr("Line width:"), m_lineWidth);
    form->addRow(m_titles);
    form->addRow(m_markSelected);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setMinimumSize(fontMetrics().averageCharWidth() * 60, fontMetrics().height() * 18);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_info = new QLabel(this);
    m_info->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* save = buttons->addButton(tr("Save\u2026"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("exportSave"));
    QPushButton* copy = buttons->addButton(tr("Copy to clipboard"), QDialogButtonBox::ActionRole);
    connect(save, &QPushButton::clicked, this, &ExportDialog::choosePathAndExport);
    connect(copy, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addLayout(left);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Preview (what the file will show):")));
    right->addWidget(m_preview, 1);
    right->addWidget(m_info);
    top->addLayout(right, 1);
    auto* root = new QVBoxLayout(this);
    root->addLayout(top, 1);
    root->addWidget(buttons);

    FigureFormat format = FigureFormat::Pdf;
    setOptions(savedOptions(&format), format);

    auto changed = [this] { updatePreview(); };
    connect(m_format, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
    connect(m_dpi, qOverload<int>(&QSpinBox::valueChanged), this, changed);
    connect(m_publication, &QCheckBox::toggled, this, [this](bool on) {
        m_font->setEnabled(on);
        m_fontSize->setEnabled(on);
        m_lineWidth->setEnabled(on);
        m_titles->setEnabled(on);
        updatePreview();
    });
    connect(m_titles, &QCheckBox::toggled, this, changed);
    connect(m_markSelected, &QCheckBox::toggled, this, changed);
    connect(m_font, &QFontComboBox::currentFontChanged, this, changed);
    for (QDoubleSpinBox* s : {m_fontSize, m_lineWidth}) {
        connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, changed);
    }
    connect(m_width, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(2);
        for (int i = 0; i < 2; ++i) {
            if (std::abs(toMm(m_width->value()) - m_preset->itemData(i).toDouble()) < 0.05) {
                m_preset->setCurrentIndex(i);
            }
        }
        updatePreview();
    });
    connect(m_height, qOverload<double>(&QDoubleSpinBox::valueChanged), this, changed);
    connect(m_preset, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
        const double mm = m_preset->itemData(i).toDouble();
        if (mm > 0) {
            m_width->setValue(fromMm(mm));
        }
    });
    connect(m_unit, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
        const double w = toMm(m_width->value());
        const double h = toMm(m_height->value());
        m_inches = i == 1;
        const QSignalBlocker bw(m_width);
        const QSignalBlocker bh(m_height);
        m_width->setDecimals(m_inches ? 2 : 1);
        m_height->setDecimals(m_inches ? 2 : 1);
        m_width->setRange(fromMm(10.0), fromMm(1000.0));
        m_height->setRange(fromMm(10.0), fromMm(1000.0));
        m_width->setSingleStep(m_inches ? 0.25 : 5.0);
        m_height->setSingleStep(m_inches ? 0.25 : 5.0);
        m_width->setValue(fromMm(w));
        m_height->setValue(fromMm(h));
        updatePreview();
    });
    updatePreview();
}

double ExportDialog::toMm(double v) const {
    return m_inches ? v * 25.4 : v;
}

double ExportDialog::fromMm(double mm) const {
    return m_inches ? mm / 25.4 : mm;
}

FigureOptions ExportDialog::options() const {
    FigureOptions o;
    o.widthMm = toMm(m_width->value());
    o.heightMm = toMm(m_height->value());
    o.dpi = m_dpi->value();
    o.publicationStyle = m_publication->isChecked();
    o.titles = m_titles->isChecked();
    o.markSelectedHead = m_markSelected->isChecked();
    o.fontFamily = m_font->currentFont().family();
    o.fontPointSize = m_fontSize->value();
    o.lineWidthPt = m_lineWidth->value();
    return o;
}

FigureFormat ExportDialog::format() const {
    return kFormats[std::clamp(m_format->currentIndex(), 0, 3)];
}

void ExportDialog::setOptions(const FigureOptions& o, FigureFormat format) {
    for (int i = 0; i < 4; ++i) {
        if (kFormats[i] == format) {
            m_format->setCurrentIndex(i);
        }
    }
    m_width->setValue(fromMm(o.widthMm));
    m_height->setValue(fromMm(o.heightMm));
    m_dpi->setValue(o.dpi);
    m_publication->setChecked(o.publicationStyle);
    m_titles->setChecked(o.titles);
    m_markSelected->setChecked(o.markSelectedHead);
    m_font->setCurrentFont(
        QFont(o.fontFamily.isEmpty() ? QStringLiteral("DejaVu Sans") : o.fontFamily));
    m_fontSize->setValue(o.fontPointSize);
    m_lineWidth->setValue(o.lineWidthPt);
    m_preset->setCurrentIndex(std::abs(o.widthMm - FigureOptions::kOneColumnMm) < 0.05   ? 0
                              : std::abs(o.widthMm - FigureOptions::kTwoColumnMm) < 0.05 ? 1
                                                                                         : 2);
}

FigureOptions ExportDialog::savedOptions(FigureFormat* format) {
    QSettings s;
    s.beginGroup(QStringLiteral("export"));
    FigureOptions o;
    o.widthMm = s.value(QStringLiteral("widthMm"), o.widthMm).toDouble();
    o.heightMm = s.value(QStringLiteral("heightMm"), o.heightMm).toDouble();
    o.dpi = s.value(QStringLiteral("dpi"), o.dpi).toInt();
    o.publicationStyle = s.value(QStringLiteral("publication"), o.publicationStyle).toBool();
    o.titles = s.value(QStringLiteral("titles"), o.titles).toBool();
    o.markSelectedHead = s.value(QStringLiteral("markSelected"), o.markSelectedHead).toBool();
    o.fontFamily = s.value(QStringLiteral("font"), o.fontFamily).toString();
    o.fontPointSize = s.value(QStringLiteral("fontPt"), o.fontPointSize).toDouble();
    o.lineWidthPt = s.value(QStringLiteral("linePt"), o.lineWidthPt).toDouble();
    if (!validateFigureOptions(o).isEmpty()) {
        o = FigureOptions{};  // a hand-edited or old settings file: start from the defaults
    }
    if (format != nullptr) {
        FigureFormat f = FigureFormat::Pdf;
        if (parseFigureFormat(s.value(QStringLiteral("format"), QStringLiteral("pdf")).toString(),
                              f)) {
            *format = f;
        }
    }
    return o;
}

void ExportDialog::updatePreview() {
    const FigureOptions o = options();
    const QString bad = validateFigureOptions(o);
    if (!bad.isEmpty()) {
        m_info->setText(bad);
        return;
    }
    // The preview is the figure itself, rendered at no less than 72 dpi (below, fonts would be
    // hinted differently from the file) and scaled to fit the label.
    FigureOptions preview = o;
    const double dpr = devicePixelRatioF();
    const double fit = std::min(m_preview->width() / (o.widthMm / 25.4),
                                m_preview->height() / (o.heightMm / 25.4)) *
                       dpr;
    preview.dpi = std::clamp(static_cast<int>(fit), FigureOptions::kMinDpi, FigureOptions::kMaxDpi);
    QImage image = renderFigureImage(m_view, preview);
    if (image.width() > m_preview->width() * dpr || image.height() > m_preview->height() * dpr) {
        image = image.scaled(QSizeF(m_preview->size() * dpr).toSize(), Qt::KeepAspectRatio,
                             Qt::SmoothTransformation);
    }
    image.setDevicePixelRatio(dpr);
    m_preview->setPixmap(QPixmap::fromImage(image));
    const QSize px = figurePixelSize(o);
    const bool raster = format() == FigureFormat::Png || format() == FigureFormat::Tiff;
    m_dpi->setEnabled(raster);
    m_info->setText(
        raster ? tr("%1 \u00D7 %2 pixels at %3 dpi").arg(px.width()).arg(px.height()).arg(o.dpi)
               : tr("Vector: %1 \u00D7 %2 mm, text stays text")
                     .arg(o.widthMm, 0, 'f', 1)
                     .arg(o.heightMm, 0, 'f', 1));
}

QString ExportDialog::exportTo(const QString& path) {
    const QString error = exportFigure(m_view, path, format(), options());
    if (error.isEmpty()) {
        QSettings s;
        s.beginGroup(QStringLiteral("export"));
        const FigureOptions o = options();
        s.setValue(QStringLiteral("widthMm"), o.widthMm);
        s.setValue(QStringLiteral("heightMm"), o.heightMm);
        s.setValue(QStringLiteral("dpi"), o.dpi);
        s.setValue(QStringLiteral("publication"), o.publicationStyle);
        s.setValue(QStringLiteral("titles"), o.titles);
        s.setValue(QStringLiteral("markSelected"), o.markSelectedHead);
        s.setValue(QStringLiteral("font"), o.fontFamily);
        s.setValue(QStringLiteral("fontPt"), o.fontPointSize);
        s.setValue(QStringLiteral("linePt"), o.lineWidthPt);
        s.setValue(QStringLiteral("format"), figureFormatSuffix(format()));
    }
    return error;
}

void ExportDialog::choosePathAndExport() {
    const QString suffix = figureFormatSuffix(format());
    // QFileDialog asks before replacing an existing file.
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export figure"), QStringLiteral("figure.") + suffix,
                                     tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty()) {
        return;
    }
    if (!path.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive)) {
        path += QLatin1Char('.') + suffix;
    }
    const QString error = exportTo(path);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export figure"), error);
        return;
    }
    accept();
}

void ExportDialog::copyToClipboard() {
    copyFigureToClipboard(m_view, options());
    m_info->setText(tr("Copied to the clipboard."));
}

}  // namespace headwave
