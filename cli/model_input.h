// Turning --text / --ids into token ids for a model, shared by the commands that run models.
#pragma once

#include <string>
#include <vector>

#include "arguments.h"
#include "headwave/model/attention_model.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave::cli {

struct ModelInput {
    std::vector<int> ids;
    std::vector<Token> tokens;  // empty when --ids was given
    std::vector<std::string> warnings;
};

// Reads --text (through the folder's tokenizer) or --ids; cuts input longer than the model's
// context, with a warning; refuses empty input.
Result<ModelInput> readModelInput(const Arguments& args, const std::string& modelDir,
                                  const ModelConfig& config);

}  // namespace headwave::cli
