// SPDX-License-Identifier: GPL-3.0-or-later
// The metric catalogue's texts (headwave/dsp/metric_catalogue.h) in the app's language. The engine
// declares them once, in English, marked for lupdate (context "metric"); views show them only
// through these functions, so a metric's label, unit and description have no second home.
//
//   header->setText(metricColumnHeader(layout, c));     // "Window entropy w = 32 (fraction of ln
//   w)" axis->setLabel(metricFamilyHeader(metricFamily("spectral_entropy")));  // "Spectral entropy
//   (nats)"
#pragma once

#include <QString>
#include <string_view>

#include "headwave/dsp/metric_layout.h"

namespace headwave {

// One catalogue text (a label, unit, description or pattern) in the app's language.
QString metricText(std::string_view english);
// metricText as a MetricTranslate, for MetricLayout's label(), displayUnit() and description().
MetricTranslate metricTranslator();

// A column's label with its unit: "Scale sensitivity α = 0.5 (1 − cos)".
QString metricColumnHeader(const MetricLayout& layout, std::size_t column);
// A column's description as a sentence: "Share of spectral power below the low band edge".
QString metricColumnToolTip(const MetricLayout& layout, std::size_t column);
// A family's label with its unit, without a series index: "Scale sensitivity (1 − cos)".
QString metricFamilyHeader(const MetricFamily& family);
// A family's first column when the settings are unknown (a view fed metrics alone), with its
// unit: "Scale sensitivity, first α (1 − cos)"; a Single metric's metricFamilyHeader.
QString metricFirstColumnHeader(const MetricFamily& family);

}  // namespace headwave
