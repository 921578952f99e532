// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/model_card_panel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QResizeEvent>
#include <QVBoxLayout>

#include "app/engine_controller.h"

namespace headwave {

namespace {

const char* const kRows[] = {"name",  "architecture", "layers",  "heads",     "parameters",
                             "dtype", "positional",   "context", "tokenizer", "folder"};

// A value on one line, elided to the label's width ("/work/.../stories260K" for a folder), the
// whole text in the tooltip when it does not fit; a narrow dock then clips nothing.
class ElidedLabel : public QLabel {
public:
    ElidedLabel(Qt::TextElideMode mode, QWidget* parent) : QLabel(parent), m_mode(mode) {}

    void setFullText(const QString& text, const QString& toolTip = {}) {
        m_full = text;
        m_toolTip = toolTip;
        updateGeometry();
        elide();
    }
    QString fullText() const { return m_full; }

    QSize sizeHint() const override {
        return {fontMetrics().horizontalAdvance(m_full) + 2 * margin() + 2,
                QLabel::sizeHint().height()};
    }
    QSize minimumSizeHint() const override {
        return {fontMetrics().averageCharWidth() * 6, QLabel::minimumSizeHint().height()};
    }

protected:
    void resizeEvent(QResizeEvent* event) override {
        QLabel::resizeEvent(event);
        elide();
    }

private:
    void elide() {
        const QString shown = fontMetrics().elidedText(m_full, m_mode, contentsRect().width());
        if (shown != text()) {
            setText(shown);
        }
        const bool elided = shown != m_full;
        setToolTip(!elided               ? m_toolTip
                   : m_toolTip.isEmpty() ? m_full
                                         : m_full + QLatin1Char('\n') + m_toolTip);
    }

    Qt::TextElideMode m_mode;
    QString m_full;
    QString m_toolTip;
};

}  // namespace

ModelCardPanel::ModelCardPanel(QWidget* parent) : QWidget(parent) {
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("modelStatus"));
    m_status->setWordWrap(true);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addRow(QString::fromLatin1(kRows[0]), tr("Model:"));
    addRow(QString::fromLatin1(kRows[1]), tr("Architecture:"));
    addRow(QString::fromLatin1(kRows[2]), tr("Layers:"));
    addRow(QString::fromLatin1(kRows[3]), tr("Heads:"));
    addRow(QString::fromLatin1(kRows[4]), tr("Parameters:"));
    addRow(QString::fromLatin1(kRows[5]), tr("Weights:"));
    addRow(QString::fromLatin1(kRows[6]), tr("Positions:"));
    addRow(QString::fromLatin1(kRows[7]), tr("Context:"));
    addRow(QString::fromLatin1(kRows[8]), tr("Tokenizer:"));
    addRow(QString::fromLatin1(kRows[9]), tr("Folder:"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(m_form);
    layout->addStretch(1);
    setCard(nullptr);
}

QLabel* ModelCardPanel::addRow(const QString& key, const QString& label) {
    // A folder keeps its start and its last component; other values their start.
    auto* value =
        new ElidedLabel(key == QLatin1String("folder") ? Qt::ElideMiddle : Qt::ElideRight, this);
    value->setObjectName(key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    m_values.push_back(value);
    return value;
}

void ModelCardPanel::setMessage(const QString& message) {
    m_status->setText(message);
    m_status->setVisible(!message.isEmpty());
}

QString ModelCardPanel::message() const {
    return m_status->text();
}

void ModelCardPanel::setLoading(const QString& dir) {
    setMessage(tr("Loading %1…").arg(dir));
}

void ModelCardPanel::setCard(const std::shared_ptr<const ModelCard>& card) {
    for (int i = 0; i < m_values.size(); ++i) {
        static_cast<ElidedLabel*>(m_values[i])->setFullText({});
        m_form->setRowVisible(i, card != nullptr);
    }
    if (!card) {
        setMessage(
            tr("No model. Open a Hugging Face model folder with File > Open model… or "
               "drop a folder on the window."));
        return;
    }
    setMessage({});
    const ModelConfig& c = card->config;
    const QLocale locale;
    auto set = [this](int row, const QString& text, const QString& toolTip = {}) {
        static_cast<ElidedLabel*>(m_values[row])->setFullText(text, toolTip);
    };
    set(0, QString::fromStdString(card->info.name));
    set(1, QStringLiteral("%1 (%2)").arg(QString::fromUtf8(toString(c.architecture)),
                                         QString::fromStdString(c.modelType)));
    set(2, locale.toString(c.layers));
    set(3, c.kvHeads == c.heads
               ? tr("%1 query heads, %2 key/value heads").arg(c.heads).arg(c.kvHeads)
               : tr("%1 query heads, %2 key/value heads (grouped)").arg(c.heads).arg(c.kvHeads));
    const double p = static_cast<double>(card->info.parameters);
    set(4,
        p >= 1e9   ? tr("%1 billion").arg(locale.toString(p / 1e9, 'f', 2))
        : p >= 1e6 ? tr("%1 million").arg(locale.toString(p / 1e6, 'f', 1))
                   : locale.toString(static_cast<qulonglong>(card->info.parameters)),
        locale.toString(static_cast<qulonglong>(card->info.parameters)));
    set(5, QString::fromStdString(card->info.storedDtype));
    set(6, QString::fromUtf8(toString(c.positional)));
    set(7, tr("%1 tokens").arg(locale.toString(c.maxPositions)));
    set(8, QString::fromStdString(card->tokenizerKind));
    set(9, QString::fromStdString(card->dir));
}

QString ModelCardPanel::value(const QString& row) const {
    for (int i = 0; i < m_values.size(); ++i) {
        if (row == QLatin1String(kRows[i])) {
            return static_cast<const ElidedLabel*>(m_values[i])->fullText();
        }
    }
    return {};
}

}  // namespace headwave
