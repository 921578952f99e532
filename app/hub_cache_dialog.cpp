// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/hub_cache_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "headwave/model/hub_cache.h"

namespace {

enum Column { Id, Revision, Architecture, Parameters, Size, Opens, Columns };

constexpr int kReferenceRole = Qt::UserRole + 1;  // "org/name@commit" on the Id item
constexpr int kReasonRole = Qt::UserRole + 2;     // why it cannot be opened; empty when it can

QTableWidgetItem* item(const QString& text) {
    auto* i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return i;
}

}  // namespace

HubCacheDialog::HubCacheDialog(const QString& cacheDir, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Open from Hugging Face cache"));
    const std::string cache = cacheDir.isEmpty() ? headwave::hubCacheDir() : cacheDir.toStdString();

    auto* intro = new QLabel(
        tr("Models already in the local Hugging Face cache %1. Headwave never downloads: "
           "fetch a model first (huggingface-cli download ORG/NAME).")
            .arg(cache.empty() ? tr("(none: set HF_HUB_CACHE or HOME)")
                               : QDir::toNativeSeparators(QString::fromStdString(cache))),
        this);
    intro->setWordWrap(true);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("hubFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, revision or architecture"));
    m_filter->setClearButtonEnabled(true);

    m_table = new QTableWidget(0, Columns, this);
    m_table->setObjectName(QStringLiteral("hubTable"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Revision"), tr("Architecture"),
                                        tr("Parameters"), tr("Size on disk"), tr("Opens")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(false);

    auto models = headwave::listHubCache(cache);
    const QLocale locale;
    if (models) {
        for (const headwave::HubCachedModel& m : *models) {
            for (const headwave::HubSnapshot& s : m.snapshots) {
                const headwave::ModelFolderSupport support = headwave::inspectModelFolder(s.dir);
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                auto* id = item(QString::fromStdString(m.id));
                id->setData(kReferenceRole, QString::fromStdString(m.id + "@" + s.commit));
                id->setData(kReasonRole, QString::fromStdString(support.reason));
                m_table->setItem(row, Id, id);
                m_table->setItem(row, Revision, item(QString::fromStdString(s.label())));
                m_table->setItem(
                    row, Architecture,
                    item(support.modelType.empty() ? tr("unknown")
                                                   : QString::fromStdString(support.modelType)));
                m_table->setItem(
                    row, Parameters,
                    item(support.parameters > 0 ? tr("%1 M").arg(locale.toString(
                                                      static_cast<double>(support.parameters) / 1e6,
                                                      'f', support.parameters < 10'000'000 ? 2 : 0))
                                                : tr("unknown")));
                m_table->setItem(
                    row, Size,
                    item(locale.formattedDataSize(static_cast<qint64>(m.bytesOnDisk), 1,
                                                  QLocale::DataSizeTraditionalFormat)));
                auto* opens = item(support.openable
                                       ? tr("yes")
                                       : tr("no: %1").arg(QString::fromStdString(support.reason)));
                opens->setToolTip(opens->text());
                m_table->setItem(row, Opens, opens);
                if (!support.openable) {
                    for (int c = 0; c < Columns; ++c) {
                        m_table->item(row, c)->setForeground(
                            palette().color(QPalette::Disabled, QPalette::Text));
                    }
                }
            }
        }
    }
    m_table->resizeColumnsToContents();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("hubStatus"));
    m_status->setWordWrap(true);
    if (!models) {
        m_status->setText(QString::fromStdString(models.error().message));
    } else if (m_table->rowCount() == 0) {
        m_status->setText(
            tr("No model is cached. Download one on a machine with network access "
               "(huggingface-cli download ORG/NAME), or open a model folder."));
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    m_open->setObjectName(QStringLiteral("hubOpen"));
    m_open->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &HubCacheDialog::applyFilter);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &HubCacheDialog::selectionChanged);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] {
        if (m_open->isEnabled()) {
            accept();
        }
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(860, 420);
}

QString HubCacheDialog::chosenModel() const {
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty() || !m_open->isEnabled()) {
        return {};
    }
    return m_table->item(selected.front()->row(), Id)->data(kReferenceRole).toString();
}

int HubCacheDialog::rowCount() const {
    return m_table->rowCount();
}

int HubCacheDialog::visibleRowCount() const {
    int visible = 0;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        visible += m_table->isRowHidden(r) ? 0 : 1;
    }
    return visible;
}

void HubCacheDialog::applyFilter(const QString& text) {
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString row = m_table->item(r, Id)->text() + QLatin1Char(' ') +
                            m_table->item(r, Revision)->text() + QLatin1Char(' ') +
                            m_table->item(r, Architecture)->text();
        bool shown = true;
        for (const QString& w : words) {
            shown = shown && row.contains(w, Qt::CaseInsensitive);
        }
        m_table->setRowHidden(r, !shown);
    }
    if (!m_table->selectedItems().isEmpty() &&
        m_table->isRowHidden(m_table->selectedItems().front()->row())) {
        m_table->clearSelection();
    }
}

void HubCacheDialog::selectionChanged() {
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty()) {
        m_open->setEnabled(false);
        return;
    }
    const QString reason = m_table->item(selected.front()->row(), Id)->data(kReasonRole).toString();
    m_open->setEnabled(reason.isEmpty());
    m_status->setText(reason.isEmpty() ? QString()
                                       : tr("Headwave cannot open this revision: %1.").arg(reason));
}
