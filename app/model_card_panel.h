// SPDX-License-Identifier: GPL-3.0-or-later
// The Model dock: what the loaded model is (architecture, layers, query and key/value heads,
// parameters, stored dtype, positional scheme, context length, tokenizer, folder).
//
//   ModelCardPanel card;
//   card.setCard(engine.modelCard());   // nullptr: "No model"
#pragma once

#include <QWidget>
#include <memory>

class QFormLayout;
class QLabel;

namespace headwave {

struct ModelCard;

class ModelCardPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelCardPanel(QWidget* parent = nullptr);

    void setCard(const std::shared_ptr<const ModelCard>& card);
    // "Loading <dir>…" until the card arrives or loading fails.
    void setLoading(const QString& dir);
    void setMessage(const QString& message);
    // The message shown instead of a card (empty when a card is shown).
    QString message() const;

    // The whole value of a row, however it is elided on screen ("architecture", "layers",
    // "heads", "parameters", "dtype", "positional", "context", "tokenizer", "folder", "name").
    QString value(const QString& row) const;

private:
    QLabel* addRow(const QString& key, const QString& label);

    QLabel* m_status = nullptr;
    QFormLayout* m_form = nullptr;
    QList<QLabel*> m_values;
};

}  // namespace headwave
