// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace headwave {

namespace {

// Comma-separated numbers in the user's locale or in C ("0,5; 0,25" and "0.5, 0.25").
bool parseList(const QString& text, bool integers, QList<double>& out) {
    out.clear();
    const QString normalised = QString(text).replace(QLatin1Char(';'), QLatin1Char(' '));
    // In a locale with a decimal comma, "0,5 0,25" separates by spaces; otherwise commas separate.
    const bool decimalComma = QLocale().decimalPoint() == QLatin1String(",");
    QString spaced = normalised;
    if (!decimalComma || integers) {
        spaced.replace(QLatin1Char(','), QLatin1Char(' '));
    }
    const QStringList parts = spaced.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.isEmpty()) {
        return false;
    }
    for (const QString& p : parts) {
        bool ok = false;
        double v = QLocale().toDouble(p, &ok);
        if (!ok) {
            v = QLocale::c().toDouble(p, &ok);
        }
        if (!ok || (integers && v != static_cast<double>(static_cast<long long>(v)))) {
            return false;
        }
        out.push_back(v);
    }
    return true;
}

QString formatList(const QList<double>& values) {
    QStringList parts;
    for (double v : values) {
        parts.push_back(QLocale().toString(v, 'g', 6));
    }
    return parts.join(QLatin1String(", "));
}

// The engine states which setting failed in English; the panel says it in the user's language
// with the same numbers. The engine's message stays the authority on what is valid.
QString translatedValidation(const MethodSettings& s, const std::string& engineMessage) {
    const QString m = QString::fromStdString(engineMessage);
    if (m.startsWith(QLatin1String("Band edges"))) {
        return SettingsPanel::tr(
                   "Band edges must satisfy 0 < low edge < high edge < 1 (1 = Nyquist); got %1 "
                   "and %2.")
            .arg(QLocale().toString(s.bandLowEdge), QLocale().toString(s.bandHighEdge));
    }
    if (m.startsWith(QLatin1String("The wavelet level"))) {
        return SettingsPanel::tr(
                   "The wavelet level must be Automatic or between 0 and the maximum for the "
                   "sequence length; got %1.")
            .arg(s.waveletLevel);
    }
    if (m.startsWith(QLatin1String("At least one window"))) {
        return SettingsPanel::tr("Give at least one window size for the window entropy.");
    }
    if (m.startsWith(QLatin1String("Window-entropy window sizes"))) {
        return SettingsPanel::tr(
            "Window-entropy window sizes must be between 2 and 1000000 tokens.");
    }
    if (m.startsWith(QLatin1String("The local-share window"))) {
        return SettingsPanel::tr("The local window must be between 0 and 1000000 tokens.");
    }
    if (m.startsWith(QLatin1String("Each rescaling factor"))) {
        return SettingsPanel::tr(
            "Each rescaling factor alpha must be greater than 0 and at most 1.");
    }
    return m;
}

}  // namespace

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("profileBox"));
    m_profile->addItem(tr("Mean over queries"), static_cast<int>(ProfileMode::Mean));
    m_profile->addItem(tr("Last query row"), static_cast<int>(ProfileMode::Last));
    m_profile->addItem(tr("Every row, averaged"), static_cast<int>(ProfileMode::Rows));
    m_profile->setToolTip(tr("Which attention the position profile a(t) is built from"));
    form->addRow(tr("Profile:"), m_profile);

    m_window = new QComboBox(this);
    m_window->addItem(tr("Hann"), static_cast<int>(SpectrumWindow::Hann));
    m_window->addItem(tr("None (rectangular)"), static_cast<int>(SpectrumWindow::None));
    form->addRow(tr("Spectrum window:"), m_window);

    m_padding = new QComboBox(this);
    m_padding->addItem(tr("None"), static_cast<int>(SpectrumPadding::None));
    m_padding->addItem(tr("To 2× length"), static_cast<int>(SpectrumPadding::Two));
    m_padding->addItem(tr("To 4× length"), static_cast<int>(SpectrumPadding::Four));
    m_padding->setToolTip(tr("Zero padding before the FFT (next power of two)"));
    form->addRow(tr("Zero padding:"), m_padding);

    auto edgeBox = [this](const QString& name) {
        auto* box = new QDoubleSpinBox(this);
        box->setObjectName(name);
        box->setRange(0.0, 1.0);
        box->setDecimals(3);
        box->setSingleStep(0.05);
        return box;
    };
    m_lowEdge = edgeBox(QStringLiteral("lowEdgeBox"));
    m_highEdge = edgeBox(QStringLiteral("highEdgeBox"));
    auto* edges = new QHBoxLayout;
    edges->addWidget(m_lowEdge);
    edges->addWidget(new QLabel(tr("to"), this));
    edges->addWidget(m_highEdge);
    m_lowEdge->setToolTip(tr("Low band: r below this edge (normalised frequency, 1 = Nyquist)"));
    m_highEdge->setToolTip(tr("High band: r at or above this edge"));
    form->addRow(tr("Mid band:"), edges);

    m_level = new QSpinBox(this);
    m_level->setRange(-1, 30);
    m_level->setSpecialValueText(tr("Automatic"));
    m_level->setToolTip(
        tr("db2 decomposition depth J; Automatic = the maximum for the shortest "
           "sequence"));
    form->addRow(tr("Wavelet level:"), m_level);

    m_scalogram = new QComboBox(this);
    m_scalogram->addItem(tr("Power |c|²"), static_cast<int>(ScalogramValue::Power));
    m_scalogram->addItem(tr("Magnitude |c|"), static_cast<int>(ScalogramValue::Magnitude));
    m_scalogram->addItem(tr("Log power"), static_cast<int>(ScalogramValue::LogPower));
    form->addRow(tr("Scalogram value:"), m_scalogram);

    m_entropy = new QComboBox(this);
    m_entropy->addItem(tr("Normalised"), static_cast<int>(WaveletEntropyMode::Normalised));
    m_entropy->addItem(tr("Raw (−Σ c² log c²)"), static_cast<int>(WaveletEntropyMode::Raw));
    form->addRow(tr("Wavelet entropy:"), m_entropy);

    m_windows = new QLineEdit(this);
    m_windows->setObjectName(QStringLiteral("windowsEdit"));
    m_windows->setToolTip(tr("Window sizes in tokens, separated by commas"));
    form->addRow(tr("Entropy windows:"), m_windows);

    m_local = new QSpinBox(this);
    m_local->setRange(0, 1'000'000);
    m_local->setSuffix(tr(" tokens"));
    m_local->setToolTip(tr("|i − j| up to this distance counts as local attention"));
    form->addRow(tr("Local window:"), m_local);

    m_alphas = new QLineEdit(this);
    m_alphas->setObjectName(QStringLiteral("alphasEdit"));
    m_alphas->setToolTip(
        tr("Rescaling factors in (0, 1] for the scale sensitivity of corpus runs, separated by "
           "commas"));
    form->addRow(tr("Alphas:"), m_alphas);

    m_subsampling = new QComboBox(this);
    m_subsampling->addItem(tr("Strided"), static_cast<int>(Subsampling::Strided));
    m_subsampling->addItem(tr("Prefix"), static_cast<int>(Subsampling::Prefix));
    form->addRow(tr("Subsampling:"), m_subsampling);

    m_rho = new QComboBox(this);
    m_rho->addItem(tr("Per head, then averaged"), static_cast<int>(RhoMode::PerHead));
    m_rho->addItem(tr("Pooled"), static_cast<int>(RhoMode::Pooled));
    form->addRow(tr("ρ over a corpus:"), m_rho);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("validationLabel"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    m_message->setStyleSheet(QStringLiteral("color: #d62728; font-weight: bold;"));

    m_defaults = new QPushButton(tr("Restore defaults"), this);
    m_defaults->setObjectName(QStringLiteral("restoreDefaultsButton"));
    connect(m_defaults, &QPushButton::clicked, this, &SettingsPanel::restoreDefaults);
    auto* note = new QLabel(tr("Changes apply to the next analysis or corpus run."), this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_defaults);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(note);
    layout->addLayout(buttons);
    layout->addStretch(1);

    setSettings(MethodSettings{});

    for (QComboBox* box :
         {m_profile, m_window, m_padding, m_scalogram, m_entropy, m_subsampling, m_rho}) {
        connect(box, &QComboBox::currentIndexChanged, this, &SettingsPanel::onEdited);
    }
    for (QDoubleSpinBox* box : {m_lowEdge, m_highEdge}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::onEdited);
    }
    for (QSpinBox* box : {m_level, m_local}) {
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::onEdited);
    }
    for (QLineEdit* edit : {m_windows, m_alphas}) {
        connect(edit, &QLineEdit::textChanged, this, &SettingsPanel::onEdited);
    }
}

void SettingsPanel::setSettings(const MethodSettings& s) {
    m_updating = true;
    auto select = [](QComboBox* box, int value) {
        const int i = box->findData(value);
        box->setCurrentIndex(i < 0 ? 0 : i);
    };
    select(m_profile, static_cast<int>(s.profile));
    select(m_window, static_cast<int>(s.window));
    select(m_padding, static_cast<int>(s.padding));
    m_lowEdge->setValue(s.bandLowEdge);
    m_highEdge->setValue(s.bandHighEdge);
    m_level->setValue(s.waveletLevel);
    select(m_scalogram, static_cast<int>(s.scalogram));
    select(m_entropy, static_cast<int>(s.waveletEntropy));
    QList<double> windows;
    for (int w : s.entropyWindows) {
        windows.push_back(w);
    }
    m_windows->setText(formatList(windows));
    m_local->setValue(s.localWindow);
    m_alphas->setText(formatList(QList<double>(s.alphas.begin(), s.alphas.end())));
    select(m_subsampling, static_cast<int>(s.subsampling));
    select(m_rho, static_cast<int>(s.rho));
    m_updating = false;
    m_valid = true;
    m_message->clear();
    m_message->setVisible(false);
}

bool SettingsPanel::parse(MethodSettings& s, QString& message) const {
    s.profile = static_cast<ProfileMode>(m_profile->currentData().toInt());
    s.window = static_cast<SpectrumWindow>(m_window->currentData().toInt());
    s.padding = static_cast<SpectrumPadding>(m_padding->currentData().toInt());
    s.bandLowEdge = m_lowEdge->value();
    s.bandHighEdge = m_highEdge->value();
    s.waveletLevel = m_level->value();
    s.scalogram = static_cast<ScalogramValue>(m_scalogram->currentData().toInt());
    s.waveletEntropy = static_cast<WaveletEntropyMode>(m_entropy->currentData().toInt());
    s.localWindow = m_local->value();
    s.subsampling = static_cast<Subsampling>(m_subsampling->currentData().toInt());
    s.rho = static_cast<RhoMode>(m_rho->currentData().toInt());
    QList<double> values;
    if (!parseList(m_windows->text(), true, values)) {
        message =
            tr("Entropy windows: type whole numbers of tokens separated by commas, e.g. "
               "16, 32, 64.");
        return false;
    }
    s.entropyWindows.clear();
    for (double v : values) {
        if (v < 0 || v > 1e9) {
            message = tr("Window-entropy window sizes must be between 2 and 1000000 tokens.");
            return false;
        }
        s.entropyWindows.push_back(static_cast<int>(v));
    }
    s.alphas.clear();
    if (!m_alphas->text().trimmed().isEmpty()) {
        if (!parseList(m_alphas->text(), false, values)) {
            message = tr("Alphas: type numbers in (0, 1] separated by commas, e.g. 0.5, 0.25.");
            return false;
        }
        s.alphas.assign(values.begin(), values.end());
    }
    if (Status st = s.validate(); !st) {
        message = translatedValidation(s, st.error().message);
        return false;
    }
    return true;
}

MethodSettings SettingsPanel::editedSettings() const {
    MethodSettings s;
    QString message;
    parse(s, message);
    return s;
}

QString SettingsPanel::validationMessage() const {
    return m_valid ? QString() : m_message->text();
}

void SettingsPanel::onEdited() {
    if (m_updating) {
        return;
    }
    MethodSettings s;
    QString message;
    m_valid = parse(s, message);
    m_message->setText(message);
    m_message->setVisible(!m_valid);
    if (m_valid) {
        Q_EMIT settingsChanged(s);
    }
}

void SettingsPanel::restoreDefaults() {
    setSettings(MethodSettings{});
    Q_EMIT settingsChanged(MethodSettings{});
}

}  // namespace headwave
