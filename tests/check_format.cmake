# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when any C++ file of the project is not formatted as .clang-format says.
file(GLOB_RECURSE files
    ${SOURCE_DIR}/engine/*.h ${SOURCE_DIR}/engine/*.cpp
    ${SOURCE_DIR}/cli/*.h ${SOURCE_DIR}/cli/*.cpp
    ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp
    ${SOURCE_DIR}/widgets/*.h ${SOURCE_DIR}/widgets/*.cpp
    ${SOURCE_DIR}/tests/*.h ${SOURCE_DIR}/tests/*.cpp
    ${SOURCE_DIR}/bench/*.h ${SOURCE_DIR}/bench/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${files}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "clang-format reports unformatted files; run clang-format -i on them:\n${err}")
endif()
list(LENGTH files n)
message(STATUS "${n} files are clang-format clean")
