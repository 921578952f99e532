// SPDX-License-Identifier: GPL-3.0-or-later
// The paper's tables for a results file, as Markdown (and CSV); several runs side by side are
// compareTables() (headwave/run/report_tables.h), which the app shows too.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headwave/run/analysis_run.h"
#include "headwave/run/report_tables.h"

namespace headwave::cli {

// The paper's tables, then allMetricsTable, then (perHead) every head.
std::vector<Table> runTables(const RunResult& run, bool perHead);
// Every column of the run's layout (the metric catalogue, metric_catalogue.h) with its key, unit
// and model summary over heads: the report's complete, keyed table.
Table allMetricsTable(const RunResult& run);

std::string toMarkdown(const std::vector<Table>& tables);
// {"tables": [{"id", "title", "header", "rows", "note"}]} with number-like cells as JSON numbers
// and "n/a" as null; `about` is added as the object's "about" member when not empty.
std::string toJson(const std::vector<Table>& tables, const std::string& aboutJson = {});

}  // namespace headwave::cli
