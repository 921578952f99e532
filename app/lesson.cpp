// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/lesson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cmath>

#include "app/demo.h"
#include "headwave/dsp/method_settings.h"

namespace headwave {

namespace {

// The translation context of the lesson's messages.
class LessonText {
    Q_DECLARE_TR_FUNCTIONS(Lesson)
};

// The first problem found while reading; later checks are skipped once one is set.
struct Reader {
    QString error;

    bool fail(const QString& where, const QString& what) {
        if (error.isEmpty()) {
            error = where.isEmpty() ? what : QStringLiteral("%1: %2").arg(where, what);
        }
        return false;
    }

    QString string(const QJsonObject& o, const char* key, const QString& where, bool required) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (required) {
                fail(where, LessonText::tr("the key \"%1\" is missing.").arg(QLatin1String(key)));
            }
            return {};
        }
        if (!v.isString()) {
            fail(where, LessonText::tr("\"%1\" must be a string.").arg(QLatin1String(key)));
            return {};
        }
        return v.toString();
    }

    int integer(const QJsonObject& o, const char* key, const QString& where, int fallback) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            return fallback;
        }
        const double d = v.toDouble(-1.5);
        if (!v.isDouble() || d != std::floor(d) || d < 0 || d > 1e6) {
            fail(where, LessonText::tr("\"%1\" must be a whole number of 0 or more.")
                            .arg(QLatin1String(key)));
            return fallback;
        }
        return static_cast<int>(d);
    }
};

QString stepWhere(std::size_t i) {
    return LessonText::tr("step %1").arg(i + 1);
}

LessonSource readSource(Reader& r, const QJsonValue& v, const QString& where) {
    LessonSource s;
    if (!v.isObject()) {
        r.fail(where,
               LessonText::tr("\"source\" must be an object such as {\"kind\": \"checkpoint\", "
                              "\"step\": 512}."));
        return s;
    }
    const QJsonObject o = v.toObject();
    const QString kind = r.string(o, "kind", where, true);
    if (kind == QLatin1String("checkpoint")) {
        s.kind = LessonSource::Kind::Checkpoint;
        s.step = r.integer(o, "step", where, 512);
        if (!demoSteps().contains(s.step)) {
            r.fail(where, LessonText::tr(
                              "the demo has no checkpoint at step %1 (it has 0, 64, 128, 256 and "
                              "512).")
                              .arg(s.step));
        }
    } else if (kind == QLatin1String("twin")) {
        s.kind = LessonSource::Kind::Twin;
        s.scheme = r.string(o, "scheme", where, true);
        if (r.error.isEmpty() && !demoSchemes().contains(s.scheme)) {
            r.fail(where, LessonText::tr("the demo has no twin \"%1\" (it has %2).")
                              .arg(s.scheme, demoSchemes().join(QStringLiteral(", "))));
        }
    } else if (kind == QLatin1String("teaching")) {
        s.kind = LessonSource::Kind::Teaching;
    } else if (kind == QLatin1String("model")) {
        s.kind = LessonSource::Kind::Model;
        s.path = r.string(o, "path", where, true);
        if (r.error.isEmpty() && s.path.isEmpty()) {
            r.fail(where, LessonText::tr("\"path\" of a model source must name a folder."));
        }
    } else if (r.error.isEmpty()) {
        r.fail(where,
               LessonText::tr("unknown source kind \"%1\" (checkpoint, twin, teaching or model).")
                   .arg(kind));
    }
    return s;
}

QJsonObject writeSource(const LessonSource& s) {
    QJsonObject o;
    switch (s.kind) {
        case LessonSource::Kind::Checkpoint:
            o[QStringLiteral("kind")] = QStringLiteral("checkpoint");
            o[QStringLiteral("step")] = s.step;
            break;
        case LessonSource::Kind::Twin:
            o[QStringLiteral("kind")] = QStringLiteral("twin");
            o[QStringLiteral("scheme")] = s.scheme;
            break;
        case LessonSource::Kind::Teaching:
            o[QStringLiteral("kind")] = QStringLiteral("teaching");
            break;
        case LessonSource::Kind::Model:
            o[QStringLiteral("kind")] = QStringLiteral("model");
            o[QStringLiteral("path")] = s.path;
            break;
    }
    return o;
}

LessonStep readStep(Reader& r, const QJsonValue& v, std::size_t index) {
    LessonStep step;
    const QString where = stepWhere(index);
    if (!v.isObject()) {
        r.fail(where, LessonText::tr("a step must be an object."));
        return step;
    }
    const QJsonObject o = v.toObject();
    step.title = r.string(o, "title", where, false);
    step.source = readSource(r, o.value(QStringLiteral("source")), where);
    step.text = r.string(o, "text", where, false);
    if (o.contains(QStringLiteral("head"))) {
        const QJsonArray head = o.value(QStringLiteral("head")).toArray();
        if (head.size() != 2 || !head[0].isDouble() || !head[1].isDouble() ||
            head[0].toInt(-1) < 0 || head[1].toInt(-1) < 0) {
            r.fail(where, LessonText::tr(
                              "\"head\" must be [layer, head], two whole numbers of 0 or more."));
        } else {
            step.layer = head[0].toInt();
            step.head = head[1].toInt();
        }
    }
    for (const QJsonValue& p : o.value(QStringLiteral("pinned")).toArray()) {
        const QJsonArray pair = p.toArray();
        if (pair.size() != 2 || pair[0].toInt(-1) < 0 || pair[1].toInt(-1) < 0) {
            r.fail(where, LessonText::tr("each of \"pinned\" must be [layer, head]."));
            break;
        }
        step.pinned.push_back(HeadRef{pair[0].toInt(), pair[1].toInt()});
    }
    if (o.contains(QStringLiteral("alpha"))) {
        const QJsonValue a = o.value(QStringLiteral("alpha"));
        step.alpha = a.toDouble(-1);
        if (!a.isDouble() || !(step.alpha > 0) || step.alpha > 1) {
            r.fail(where, LessonText::tr("\"alpha\" must be a number in (0, 1]."));
        }
    }
    if (o.contains(QStringLiteral("settings"))) {
        const QJsonValue s = o.value(QStringLiteral("settings"));
        if (!s.isObject()) {
            r.fail(where, LessonText::tr("\"settings\" must be an object of method settings."));
        } else {
            step.settingsJson =
                QString::fromUtf8(QJsonDocument(s.toObject()).toJson(QJsonDocument::Compact));
            auto parsed = MethodSettings::fromJson(step.settingsJson.toStdString());
            if (!parsed) {
                r.fail(where, LessonText::tr("\"settings\": %1")
                                  .arg(QString::fromStdString(parsed.error().message)));
            } else if (auto ok = parsed->validate(); !ok) {
                r.fail(where, LessonText::tr("\"settings\": %1")
                                  .arg(QString::fromStdString(ok.error().message)));
            }
            if (s.toObject().isEmpty()) {
                step.settingsJson.clear();
            }
        }
    }
    for (const QJsonValue& view : o.value(QStringLiteral("views")).toArray()) {
        if (!lessonViewNames().contains(view.toString())) {
            r.fail(where, LessonText::tr("unknown view \"%1\" (the views are %2).")
                              .arg(view.toString(), lessonViewNames().join(QStringLiteral(", "))));
            break;
        }
        step.views << view.toString();
    }
    step.emphasis = r.string(o, "emphasis", where, false);
    if (!step.emphasis.isEmpty() && !step.views.contains(step.emphasis)) {
        r.fail(where, LessonText::tr("the emphasised view \"%1\" is not among the step's views.")
                          .arg(step.emphasis));
    }
    step.explanation = r.string(o, "explanation", where, false);
    step.question = r.string(o, "question", where, false);
    return step;
}

}  // namespace

QString LessonSource::resolve(const QString& demo, const QString& lessonFolder) const {
    switch (kind) {
        case Kind::Checkpoint:
            return demoCheckpoint(demo, step);
        case Kind::Twin:
            return demoTwin(demo, scheme);
        case Kind::Teaching:
            return {};
        case Kind::Model:
            return QDir::cleanPath(QDir(lessonFolder).absoluteFilePath(path));
    }
    return {};
}

QString LessonSource::describe() const {
    switch (kind) {
        case Kind::Checkpoint:
            return LessonText::tr("the demo's RoPE checkpoint at step %1").arg(step);
        case Kind::Twin:
            return LessonText::tr("the demo's %1 twin").arg(scheme);
        case Kind::Teaching:
            return LessonText::tr("the teaching patterns");
        case Kind::Model:
            return LessonText::tr("the model %1").arg(path);
    }
    return {};
}

bool LessonStep::operator==(const LessonStep& o) const {
    auto samePins = [](const std::vector<HeadRef>& a, const std::vector<HeadRef>& b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i].layer != b[i].layer || a[i].head != b[i].head) {
                return false;
            }
        }
        return true;
    };
    return title == o.title && source == o.source && text == o.text && layer == o.layer &&
           head == o.head && samePins(pinned, o.pinned) && alpha == o.alpha &&
           settingsJson == o.settingsJson && views == o.views && emphasis == o.emphasis &&
           explanation == o.explanation && question == o.question;
}

const QStringList& lessonViewNames() {
    static const QStringList names{
        QStringLiteral("tokens"),    QStringLiteral("headGrid"),    QStringLiteral("heatmap"),
        QStringLiteral("spectrum"),  QStringLiteral("scalogram"),   QStringLiteral("rescaling"),
        QStringLiteral("bandPower"), QStringLiteral("uncertainty"), QStringLiteral("metricsTable")};
    return names;
}

LessonRead parseLesson(const QByteArray& json, const QString& folder) {
    LessonRead result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error =
            LessonText::tr("This is not a lesson: the JSON is malformed at byte %1 (%2).")
                .arg(parseError.offset)
                .arg(parseError.errorString());
        return result;
    }
    if (!doc.isObject()) {
        result.error = LessonText::tr("This is not a lesson: the file must hold one JSON object.");
        return result;
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kLessonFormat)) {
        result.error =
            LessonText::tr("This is not a lesson: \"format\" must be \"headwave-lesson\".");
        return result;
    }
    const int version = o.value(QStringLiteral("version")).toInt(-1);
    if (version != kLessonVersion) {
        result.error = LessonText::tr(
                           "This lesson has format version %1; this Headwave reads version %2. "
                           "Update Headwave or save the lesson again as version %2.")
                           .arg(o.value(QStringLiteral("version")).toVariant().toString())
                           .arg(kLessonVersion);
        return result;
    }
    Reader r;
    Lesson lesson;
    lesson.folder = folder;
    lesson.title = r.string(o, "title", {}, true);
    lesson.language = r.string(o, "language", {}, false);
    const QJsonValue steps = o.value(QStringLiteral("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty()) {
        r.fail({}, LessonText::tr("\"steps\" must be a list of one step or more."));
    }
    const QJsonArray array = steps.toArray();
    for (qsizetype i = 0; i < array.size() && r.error.isEmpty(); ++i) {
        lesson.steps.push_back(readStep(r, array[i], static_cast<std::size_t>(i)));
    }
    if (!r.error.isEmpty()) {
        result.error = LessonText::tr("This lesson cannot be read: %1").arg(r.error);
        return result;
    }
    result.lesson = std::move(lesson);
    return result;
}

LessonRead readLesson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        LessonRead r;
        r.error = LessonText::tr("Cannot read the lesson %1: %2")
                      .arg(QDir::toNativeSeparators(path), file.errorString());
        return r;
    }
    constexpr qint64 kMaxBytes = 16 * 1024 * 1024;  // a lesson is text; refuse anything huge
    if (file.size() > kMaxBytes) {
        LessonRead r;
        r.error = LessonText::tr("The lesson %1 is larger than 16 MiB; it is not a lesson.")
                      .arg(QDir::toNativeSeparators(path));
        return r;
    }
    LessonRead r = parseLesson(file.readAll(), QFileInfo(path).absolutePath());
    if (!r.lesson) {
        r.error = QStringLiteral("%1 (%2)").arg(r.error, QDir::toNativeSeparators(path));
    }
    return r;
}

QStringList missingLessonModels(const Lesson& lesson, const QString& demo) {
    QStringList missing;
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonSource& s = lesson.steps[i].source;
        if (s.kind == LessonSource::Kind::Teaching) {
            continue;
        }
        if ((s.kind == LessonSource::Kind::Checkpoint || s.kind == LessonSource::Kind::Twin) &&
            demo.isEmpty()) {
            missing << LessonText::tr("Step %1 needs %2, but no demo is installed.")
                           .arg(i + 1)
                           .arg(s.describe());
            continue;
        }
        const QString dir = s.resolve(demo, lesson.folder);
        if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json")))) {
            missing << LessonText::tr("Step %1 needs %2, which is not here (%3).")
                           .arg(i + 1)
                           .arg(s.describe(), QDir::toNativeSeparators(dir));
        }
    }
    return missing;
}

QString Lesson::toJson() const {
    QJsonObject o;
    o[QStringLiteral("format")] = QLatin1String(kLessonFormat);
    o[QStringLiteral("version")] = kLessonVersion;
    o[QStringLiteral("title")] = title;
    if (!language.isEmpty()) {
        o[QStringLiteral("language")] = language;
    }
    QJsonArray array;
    for (const LessonStep& s : steps) {
        QJsonObject step;
        if (!s.title.isEmpty()) {
            step[QStringLiteral("title")] = s.title;
        }
        step[QStringLiteral("source")] = writeSource(s.source);
        if (!s.text.isEmpty()) {
            step[QStringLiteral("text")] = s.text;
        }
        step[QStringLiteral("head")] = QJsonArray{s.layer, s.head};
        if (!s.pinned.empty()) {
            QJsonArray pinned;
            for (const HeadRef& p : s.pinned) {
                pinned.append(QJsonArray{p.layer, p.head});
            }
            step[QStringLiteral("pinned")] = pinned;
        }
        step[QStringLiteral("alpha")] = s.alpha;
        if (!s.settingsJson.isEmpty()) {
            step[QStringLiteral("settings")] =
                QJsonDocument::fromJson(s.settingsJson.toUtf8()).object();
        }
        step[QStringLiteral("views")] = QJsonArray::fromStringList(s.views);
        if (!s.emphasis.isEmpty()) {
            step[QStringLiteral("emphasis")] = s.emphasis;
        }
        step[QStringLiteral("explanation")] = s.explanation;
        if (!s.question.isEmpty()) {
            step[QStringLiteral("question")] = s.question;
        }
        array.append(step);
    }
    o[QStringLiteral("steps")] = array;
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QString writeLesson(const Lesson& lesson, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return LessonText::tr("Cannot write the lesson %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    }
    file.write(lesson.toJson().toUtf8());
    if (!file.commit()) {
        return LessonText::tr("Cannot write the lesson %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    }
    return {};
}

QString lessonsFolder() {
    QStringList candidates;
    const QString env = qEnvironmentVariable("HEADWAVE_LESSONS");
    if (!env.isEmpty()) {
        candidates << env;
    }
    if (QCoreApplication::instance()) {
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .filePath(QStringLiteral("../share/headwave/lessons"));
    }
    candidates << QStringLiteral(HEADWAVE_SOURCE_LESSONS_DIR);
    for (const QString& c : candidates) {
        if (QFileInfo(c).isDir()) {
            return QDir::cleanPath(QFileInfo(c).absoluteFilePath());
        }
    }
    return {};
}

}  // namespace headwave
