#include "model_input.h"

namespace headwave::cli {

Result<ModelInput> readModelInput(const Arguments& args, const std::string& modelDir,
                                  const ModelConfig& config) {
    ModelInput in;
    if (args.has("text") == args.has("ids")) {
        return makeError(ErrorCode::InvalidArgument,
                         "Give the input either as --text STRING or as --ids 1,2,3 (not both).");
    }
    if (args.has("ids")) {
        auto ids = args.intList("ids");
        if (!ids) {
            return ids.error();
        }
        in.ids = ids.value();
    } else {
        const std::string text = args.value("text");
        if (text.empty()) {
            return makeError(ErrorCode::InvalidArgument,
                             "The text is empty; give at least one word to analyse.");
        }
        auto tokenizer = loadTokenizer(modelDir);
        if (!tokenizer) {
            return tokenizer.error();
        }
        auto encoding = (*tokenizer)->encode(text, !args.has("no-special"));
        if (!encoding) {
            return encoding.error();
        }
        in.tokens = encoding->tokens;
        in.ids = encoding->ids();
    }
    if (in.ids.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "The input has no tokens; give at least one word to analyse.");
    }
    for (int id : in.ids) {
        if (id < 0 || id >= config.vocab) {
            return makeError(ErrorCode::InvalidArgument,
                             "Token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                                 std::to_string(config.vocab - 1) + ").");
        }
    }
    if (static_cast<int>(in.ids.size()) > config.maxPositions) {
        in.warnings.push_back("The input has " + std::to_string(in.ids.size()) +
                              " tokens, more than the model's context of " +
                              std::to_string(config.maxPositions) + "; only the first " +
                              std::to_string(config.maxPositions) + " are used.");
        in.ids.resize(static_cast<std::size_t>(config.maxPositions));
        if (!in.tokens.empty()) {
            in.tokens.resize(static_cast<std::size_t>(config.maxPositions));
        }
    }
    return in;
}

}  // namespace headwave::cli
