// SPDX-License-Identifier: GPL-3.0-or-later
// The options of the figure set (`headwave-cli figures` and `headwave-figures`), declared once:
// headwave-cli parses them to check the call and for its help, man page and completion, then runs
// headwave-figures (which links Qt, so headwave-cli itself need not) with the same arguments, and
// headwave-figures parses them with these same definitions. Header-only, no Qt.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "validators.h"

namespace headwave::cli {

struct FiguresOptions {
    std::string run;
    std::string out;
    std::string format = "pdf,svg,png";
    int dpi = 300;
    double widthMm = 85.0;
    std::string heads;
    std::string fontFamily;
    double fontSize = 8.0;
    double lineWidth = 1.0;
    bool screenStyle = false;
    bool force = false;

    static constexpr const char* kDescription =
        "The figure set of a results file: PDF, SVG, PNG or TIFF, each with its data.";
    static constexpr const char* kFooter =
        "Writes into DIR the paper's figures and more for a results file (.hwrun): the\n"
        "local/global grid of every head, band shares per head of each layer and across layers,\n"
        "the uncertainty scatter with rho, scale sensitivity per alpha, wavelet entropy per "
        "scale,\n"
        "and the spectra and scalograms of the kept heads. Each figure comes in every requested\n"
        "format with its data as CSV (units and settings in its header), and manifest.json and\n"
        "manifest.md list every file and what it shows. Files are written atomically; existing\n"
        "figures are not replaced without --force.";

    void add(CLI::App& c) {
        c.add_option("RUN", run, "the results file")->type_name("")->required();
        c.add_option("-o,--out", out, "the folder (created when missing)")
            ->type_name("DIR")
            ->required();
        c.add_option("--format", format,
                     "the formats: pdf, svg, png, tif (PDF and SVG are vector, with text as text)")
            ->type_name("F,...")
            ->capture_default_str();
        c.add_option("--dpi", dpi, "the raster resolution, 72 to 1200")
            ->type_name("N")
            ->check(wholeNumber(72, 1200))
            ->capture_default_str();
        c.add_option("--width-mm", widthMm,
                     "the figure width in mm (85: one column; 175: two columns)")
            ->type_name("W")
            ->check(range(20.0, 500.0))
            ->capture_default_str();
        c.add_option("--heads", heads,
                     "heads whose spectra and scalograms are drawn (default: the heads the run "
                     "kept; they need --keep-heads at analysis time)")
            ->type_name("L:H,...");
        c.add_option("--font-family", fontFamily,
                     "the publication font (default: the system's sans-serif)")
            ->type_name("NAME");
        c.add_option("--font-size", fontSize, "the font size in points")
            ->type_name("PT")
            ->check(range(4.0, 48.0))
            ->capture_default_str();
        c.add_option("--line-width", lineWidth, "the data line width in points")
            ->type_name("PT")
            ->check(range(0.1, 10.0))
            ->capture_default_str();
        c.add_flag("--screen-style", screenStyle,
                   "keep the interface colours instead of the publication style");
        c.add_flag("-f,--force", force, "replace existing figures in DIR");
    }
};

}  // namespace headwave::cli
