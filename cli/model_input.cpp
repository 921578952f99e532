#include "model_input.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace headwave::cli {

Result<std::string> readTextOption(const Arguments& args) {
    if (args.has("text") == args.has("text-file")) {
        return makeError(ErrorCode::InvalidArgument,
                         "Give the text either as --text STRING or as --text-file PATH (not "
                         "both).");
    }
    if (args.has("text")) {
        return args.value("text");
    }
    const std::string path = args.value("text-file");
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::FileNotFound,
                         "Could not read the text file '" + path + "'; check the path.");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<TokenizedText> readModelInput(const Arguments& args, const Session& session) {
    const int given =
        (args.has("text") ? 1 : 0) + (args.has("text-file") ? 1 : 0) + (args.has("ids") ? 1 : 0);
    if (given != 1) {
        return makeError(ErrorCode::InvalidArgument,
                         "Give the input either as --text STRING, --text-file PATH or --ids "
                         "1,2,3 (one of them).");
    }
    if (args.has("ids")) {
        auto ids = args.intList("ids");
        if (!ids) {
            return ids.error();
        }
        return session.fromIds(ids.value());
    }
    auto text = readTextOption(args);
    if (!text) {
        return text.error();
    }
    return session.tokenize(text.value(), !args.has("no-special"));
}

}  // namespace headwave::cli
