// SPDX-License-Identifier: GPL-3.0-or-later
// A lesson: a versioned JSON file of steps, each a state of the app (a source, a text, the
// selected and pinned heads, alpha, the method settings, the views shown and the one emphasised)
// with an explanation in Markdown and an optional question. The format is docs/lessons.md's.
//
//   LessonRead r = readLesson("resources/lessons/en/01-spectrum.json");
//   if (!r.lesson) log(r.error);                          // says what is wrong, and where
//   const QString dir = r.lesson->steps[0].source.resolve(demoFolder(), r.lesson->folder);
//   writeLesson(*r.lesson, "copy.json");                  // what a teacher saves
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "headwave/run/analysis_run.h"

namespace headwave {

// Where a step's analysis comes from.
struct LessonSource {
    enum class Kind { Checkpoint, Twin, Teaching, Model };
    Kind kind = Kind::Checkpoint;
    int step = 512;  // Checkpoint: the RoPE training step (0, 64, 128, 256, 512)
    QString scheme;  // Twin: none, learned, sinusoidal, alibi, rope
    QString path;    // Model: a model folder, absolute or relative to the lesson's folder

    // The model folder it names (empty for Teaching); relative paths against lessonFolder.
    QString resolve(const QString& demo, const QString& lessonFolder) const;
    // "demo checkpoint at step 512", "demo twin alibi", "teaching patterns", "model /x/y".
    QString describe() const;
    bool operator==(const LessonSource&) const = default;
};

struct LessonStep {
    QString title;
    LessonSource source;
    QString text;  // analysed on the model; empty: the demo's first paragraph
    int layer = 0;
    int head = 0;
    std::vector<HeadRef> pinned;
    double alpha = 0.5;
    QString settingsJson;  // MethodSettings keys that differ from the defaults; empty: defaults
    QStringList views;     // the views shown (names: lessonViewNames())
    QString emphasis;      // the view the step is about (one of views)
    QString explanation;   // Markdown
    QString question;      // optional

    bool operator==(const LessonStep&) const;
};

struct Lesson {
    QString title;
    QString language;  // "en", "it", …
    QString folder;    // the folder of the file it was read from (relative model paths)
    std::vector<LessonStep> steps;

    // The file's JSON (format "headwave-lesson", version 1), indented.
    QString toJson() const;
};

struct LessonRead {
    std::optional<Lesson> lesson;
    QString error;  // a sentence that says what is wrong and where (step N, key K)
};

// The format's name and the version this build reads and writes.
inline constexpr const char* kLessonFormat = "headwave-lesson";
inline constexpr int kLessonVersion = 1;

// The view names a step may list, in the View menu's order: tokens, headGrid, heatmap, spectrum,
// scalogram, rescaling, bandPower, uncertainty, metricsTable (the Timeline dock is filled by
// comparisons, not by the state, so a step does not name it).
const QStringList& lessonViewNames();

// Reads a lesson from JSON text; `folder` resolves relative model paths.
LessonRead parseLesson(const QByteArray& json, const QString& folder);
// Reads a lesson file.
LessonRead readLesson(const QString& path);
// The model folders a lesson names that do not exist here (each with the step that names it), as
// sentences; empty when every model is present.
QStringList missingLessonModels(const Lesson& lesson, const QString& demo);
// Writes the lesson to path (atomically); the error sentence, empty on success.
QString writeLesson(const Lesson& lesson, const QString& path);

// The shipped lessons (resources/lessons/<language>/*.json): the first existing of
// $HEADWAVE_LESSONS, <exe dir>/../share/headwave/lessons, the source tree's resources/lessons.
QString lessonsFolder();

}  // namespace headwave
