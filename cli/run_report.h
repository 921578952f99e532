// The paper's tables for a results file, as Markdown (and CSV), and several runs side by side.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "headwave/run/analysis_run.h"

namespace headwave::cli {

struct Table {
    std::string id;     // file stem for --csv ("band_shares")
    std::string title;  // Markdown heading
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::string note;  // one line under the table
};

std::vector<Table> runTables(const RunResult& run, bool perHead);
std::vector<Table> compareTables(const std::vector<std::shared_ptr<const RunResult>>& runs,
                                 const std::vector<std::string>& labels);

std::string toMarkdown(const std::vector<Table>& tables);
std::string toCsv(const Table& table);

}  // namespace headwave::cli
