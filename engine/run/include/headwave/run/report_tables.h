// SPDX-License-Identifier: GPL-3.0-or-later
// Tables of text cells that every front end shows alike: `headwave-cli report` and `compare`
// print them as Markdown, CSV or JSON, the app's comparison workspace shows compareTables() as a
// table view. Numbers are formatted here once, so the CLI and the app show the same digits.
//
//   auto tables = compareTables({runA, runB}, {"rope", "nope"});
//   tables[0].rows[1][0];  // "nope"
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "headwave/run/analysis_run.h"

namespace headwave {

struct Table {
    std::string id;     // file stem for CSV files ("band_shares")
    std::string title;  // heading
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::string note;  // one line under the table
};

// A number with `digits` significant digits ("%.*g"); "n/a" for NaN, "inf"/"-inf".
std::string formatReportNumber(double v, int digits = 4);
// A fraction in [0, 1] as a percentage with one decimal ("42.0"); "n/a" for NaN.
std::string formatReportPercent(double v);

// The table as CSV (RFC 4180 quoting): the header, then every row.
std::string toCsv(const Table& table);

// The runs side by side, one row per run (the paper's Tables 4 and 5): model, positional scheme,
// sequences, the mean scale sensitivity at every alpha any run used, rho, and the means over heads
// of H_s, selectivity, the band shares and the float32 reconstruction error. labels[i] names
// runs[i].
std::vector<Table> compareTables(const std::vector<std::shared_ptr<const RunResult>>& runs,
                                 const std::vector<std::string>& labels);

}  // namespace headwave
