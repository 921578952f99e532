// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/metric_text.h"

#include <QCoreApplication>
#include <string>

namespace headwave {

namespace {

QString withUnit(const QString& label, const QString& unit) {
    return QStringLiteral("%1 (%2)").arg(label, unit);
}

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

QString familyUnit(const MetricFamily& f) {
    return metricText(f.displayUnit.empty() ? f.unit : f.displayUnit);
}

}  // namespace

QString metricText(std::string_view english) {
    // translate() needs a NUL-terminated string; the catalogue's texts are literals, but a view may
    // pass a piece of one.
    const std::string text(english);
    return QCoreApplication::translate(kMetricTextContext, text.c_str());
}

MetricTranslate metricTranslator() {
    return [](std::string_view english) { return metricText(english).toStdString(); };
}

QString metricColumnHeader(const MetricLayout& layout, std::size_t column) {
    const MetricTranslate tr = metricTranslator();
    return withUnit(fromStd(layout.label(column, tr)), fromStd(layout.displayUnit(column, tr)));
}

QString metricColumnToolTip(const MetricLayout& layout, std::size_t column) {
    QString text = fromStd(layout.description(column, metricTranslator()));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

QString metricFamilyHeader(const MetricFamily& family) {
    return withUnit(metricText(family.label), familyUnit(family));
}

QString metricFirstColumnHeader(const MetricFamily& family) {
    return withUnit(fromStd(metricFamilyLabel(family, metricTranslator())), familyUnit(family));
}

}  // namespace headwave
