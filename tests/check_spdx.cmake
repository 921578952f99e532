# SPDX-License-Identifier: GPL-3.0-or-later
# Fails, naming each one, when a source file of the project has no
# "SPDX-License-Identifier: GPL-3.0-or-later" line among its first 5 lines (LICENSE, README.md).
# Source files: C and C++, CMake, shell, Python, Slurm batch scripts, the linker version script,
# sanitizer suppressions, man pages, the desktop file, the icon, the shared-mime-info type and any
# Qt .ui/.qrc, in the project's folders (never a build folder); the AppStream metadata carries
# the licence of its metadata, CC0-1.0, as AppStream requires. The shared-mime-info type (*.xml)
# is checked by name below. Test data (fuzz regressions,
# examples, demo models) are not source files. Reads a few lines of each file: well under a second.
set(folders .ci app bench cli engine examples packaging python resources scripts tests translations widgets)
set(patterns *.h *.hpp *.c *.cpp *.cmake CMakeLists.txt *.sh *.py *.pyi *.sbatch *.map *.supp *.1
             *.desktop *.svg *.ui *.qrc *.in)
set(globs ${SOURCE_DIR}/CMakeLists.txt ${SOURCE_DIR}/.ci/*)
foreach(folder ${folders})
    foreach(pattern ${patterns})
        list(APPEND globs ${SOURCE_DIR}/${folder}/${pattern})
    endforeach()
endforeach()
file(GLOB_RECURSE files LIST_DIRECTORIES false ${globs})
# Shell scripts without a suffix (scripts/, .ci/run) are found by their first line.
file(GLOB_RECURSE scripts LIST_DIRECTORIES false ${SOURCE_DIR}/scripts/* ${SOURCE_DIR}/.ci/*)
foreach(script ${scripts})
    file(STRINGS ${script} first LIMIT_COUNT 1)
    if(first MATCHES "^#!")
        list(APPEND files ${script})
    endif()
endforeach()
list(REMOVE_DUPLICATES files)
list(FILTER files EXCLUDE REGEX "/tests/fuzz/regressions/")
set(metainfo ${SOURCE_DIR}/packaging/org.headwave.Headwave.metainfo.xml.in)
list(REMOVE_ITEM files ${metainfo})
list(APPEND files ${SOURCE_DIR}/packaging/org.headwave.Headwave.mime.xml)

set(expected "SPDX-License-Identifier: GPL-3.0-or-later")
set(missing)
foreach(f ${files})
    file(STRINGS ${f} head LIMIT_COUNT 5)
    string(FIND "${head}" "${expected}" at)
    if(at EQUAL -1)
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
        list(APPEND missing ${rel})
    endif()
endforeach()
# The AppStream metadata: its own licence line.
if(EXISTS ${metainfo})
    file(STRINGS ${metainfo} head LIMIT_COUNT 5)
    string(FIND "${head}" "SPDX-License-Identifier: CC0-1.0" at)
    if(at EQUAL -1)
        list(APPEND missing "packaging/org.headwave.Headwave.metainfo.xml.in (CC0-1.0)")
    endif()
endif()
foreach(required LICENSE README.md)
    if(NOT EXISTS ${SOURCE_DIR}/${required})
        list(APPEND missing "${required} (missing)")
    endif()
endforeach()
list(LENGTH files n)
if(missing)
    list(LENGTH missing m)
    list(JOIN missing "\n  " names)
    message(FATAL_ERROR "${m} of ${n} source files lack the line '${expected}' in their first "
                        "5 lines (after a #! line, in the file's comment syntax):\n  ${names}")
endif()
message(STATUS "${n} source files carry '${expected}'")
