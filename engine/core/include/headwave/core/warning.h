// SPDX-License-Identifier: GPL-3.0-or-later
// Something worth telling the user that is not an error (a text was cut to the context, rows were
// renormalised, a file had trailing bytes), as data: where it happened (sequence, layer, head) and
// a code beside the sentence, so runs can order, merge and filter warnings without parsing text.
//
//   Warning w{WarningCode::RowsRenormalised, "12 attention rows ... renormalised.", 3};
//   w.text();   // "sequence 3: 12 attention rows ... renormalised."  (as results files store it)
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace headwave {

enum class WarningCode {
    Other,
    InputCut,          // an input longer than the model's context was cut to it
    ParagraphsCut,     // corpus paragraphs longer than the maximum sequence were cut
    RowsRenormalised,  // attention rows that did not sum to 1 were repaired
    TrailingBytes,     // a file had bytes after its data, which were ignored
    NonFinite,         // non-finite values (NaN, infinity) where finite ones were expected
    NotText,           // a corpus with NUL bytes, control characters or invalid UTF-8
};

// A stable, machine-readable name ("rows-renormalised", ...), for logs and JSON.
const char* warningCodeName(WarningCode code);

struct Warning {
    Warning() = default;
    Warning(WarningCode c, std::string m, int sequenceIndex = -1)
        : code(c), message(std::move(m)), sequence(sequenceIndex) {}

    WarningCode code = WarningCode::Other;
    std::string message;  // one sentence for the user, without the location
    int sequence = -1;    // packed index of the sequence of a run, or -1
    int layer = -1;       // or -1
    int head = -1;        // or -1
    // The numbers in the message, in order, for a front end that words it in its own language
    // (InputCut: the text's tokens, the context). Not stored in files.
    std::vector<long long> values;

    // The sentence with its location: "sequence 3: ...", "layer 2, head 5: ...", or the message.
    std::string text() const;
    // The inverse of text() for the location prefixes it writes (results files store text()).
    static Warning parse(const std::string& text);

    bool operator==(const Warning&) const = default;
};

// text() of each, in order.
std::vector<std::string> warningTexts(const std::vector<Warning>& warnings);

}  // namespace headwave
