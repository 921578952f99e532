// SPDX-License-Identifier: GPL-3.0-or-later
// The Settings dock: every MethodSettings option (docs/method.md) as an editor, checked with
// MethodSettings::validate on every change. Valid settings are emitted (settingsChanged); an
// invalid value shows a translated message naming the setting and keeps the last valid settings.
//
//   SettingsPanel panel;
//   panel.setSettings(engine.settings());
//   connect(&panel, &SettingsPanel::settingsChanged, &engine, &EngineController::setSettings);
#pragma once

#include <QWidget>

#include "headwave/dsp/method_settings.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace headwave {

class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    // Shows these settings (emits nothing).
    void setSettings(const MethodSettings& settings);
    // The settings as edited; valid() says whether they pass MethodSettings::validate.
    MethodSettings editedSettings() const;
    bool valid() const { return m_valid; }
    // The translated message of the last check; empty when the settings are valid.
    QString validationMessage() const;
    // Back to the defaults of docs/method.md (emits settingsChanged).
    void restoreDefaults();

    QLineEdit* windowsEdit() const { return m_windows; }
    QLineEdit* alphasEdit() const { return m_alphas; }
    QDoubleSpinBox* lowEdgeBox() const { return m_lowEdge; }
    QDoubleSpinBox* highEdgeBox() const { return m_highEdge; }

Q_SIGNALS:
    void settingsChanged(const headwave::MethodSettings& settings);

private:
    void onEdited();
    bool parse(MethodSettings& out, QString& message) const;

    QComboBox* m_profile = nullptr;
    QComboBox* m_window = nullptr;
    QComboBox* m_padding = nullptr;
    QDoubleSpinBox* m_lowEdge = nullptr;
    QDoubleSpinBox* m_highEdge = nullptr;
    QSpinBox* m_level = nullptr;
    QComboBox* m_scalogram = nullptr;
    QComboBox* m_entropy = nullptr;
    QLineEdit* m_windows = nullptr;
    QSpinBox* m_local = nullptr;
    QLineEdit* m_alphas = nullptr;
    QComboBox* m_subsampling = nullptr;
    QComboBox* m_rho = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_defaults = nullptr;
    bool m_valid = true;
    bool m_updating = false;
};

}  // namespace headwave
