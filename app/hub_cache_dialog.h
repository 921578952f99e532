// SPDX-License-Identifier: GPL-3.0-or-later
// File > Open from Hugging Face cache…: the models of the local cache (headwave/model/hub_cache.h,
// never the network), one row per revision with its architecture, parameters, size on disk and
// whether Headwave can open it (or why not), with a filter. Accepting gives "org/name@commit",
// which every front end resolves the same way.
#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

class HubCacheDialog : public QDialog {
    Q_OBJECT
public:
    // Lists the cache folder `cacheDir` (empty: the one the environment names).
    explicit HubCacheDialog(const QString& cacheDir = {}, QWidget* parent = nullptr);

    // "org/name@commit" of the chosen row; empty when none is chosen.
    QString chosenModel() const;
    int rowCount() const;         // every revision listed (filtered out or not)
    int visibleRowCount() const;  // those the filter shows

private:
    void applyFilter(const QString& text);
    void selectionChanged();

    QLineEdit* m_filter = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_open = nullptr;
};
