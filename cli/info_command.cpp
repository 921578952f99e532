// headwave-cli info --model DIR: the model card.
#include <cstdio>
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "headwave/model/attention_model.h"
#include "headwave/tokenizer/tokenizer.h"

namespace headwave::cli {

int infoCommand(const std::vector<std::string>& argv) {
    auto parsed = Arguments::parse(argv, {"model"}, {"help"});
    if (!parsed || parsed->has("help") || !parsed->has("model")) {
        std::cerr << "Usage: headwave-cli info --model DIR\n\nPrints the model card: "
                     "architecture, layers, heads, parameters, dtype, positional scheme.\n";
        return parsed && parsed->has("help") ? kExitOk : kExitUsage;
    }
    const std::string dir = parsed->value("model");
    auto model = loadAttentionModel(dir);
    if (!model) {
        std::cerr << "headwave-cli: " << model.error().message << '\n';
        return kExitFailure;
    }
    const ModelConfig& c = (*model)->config();
    const ModelInfo& i = (*model)->info();
    std::printf("model:        %s\n", i.name.c_str());
    std::printf("architecture: %s\n", toString(c.architecture));
    std::printf("layers:       %d\n", c.layers);
    std::printf("heads:        %d query, %d key/value (head dim %d)\n", c.heads, c.kvHeads,
                c.headDim);
    std::printf("parameters:   %.3f M\n", static_cast<double>(i.parameters) / 1e6);
    std::printf("stored as:    %s (%.1f MB)\n", i.storedDtype.c_str(),
                static_cast<double>(i.fileBytes) / 1e6);
    std::printf("positional:   %s\n", toString(c.positional));
    std::printf("attention:    %s\n", c.causal ? "causal" : "bidirectional");
    std::printf("context:      %d tokens\n", c.maxPositions);
    auto tokenizer = loadTokenizer(dir);
    if (tokenizer) {
        std::printf("tokenizer:    %s, %d tokens\n", (*tokenizer)->kind().c_str(),
                    (*tokenizer)->vocabSize());
    } else {
        std::printf("tokenizer:    none (%s)\n", tokenizer.error().message.c_str());
    }
    return kExitOk;
}

}  // namespace headwave::cli
