// SPDX-License-Identifier: GPL-3.0-or-later
// The app shell around the views, offscreen: settings validation, the recent-models list, clear
// messages for a bad model folder and a corrupt results file, corpus runs (result, save, cancel),
// saving an analysed text, drag and drop of model folders and results files, and the Italian
// translation.
#include <QDir>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUrl>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "app/engine_controller.h"
#include "app/hub_cache_dialog.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "app/recent_models.h"
#include "app/settings_panel.h"
#include "headwave/formats/npy_reader.h"
#include "headwave/model/attention_model.h"
#include "headwave/run/library_versions.h"
#include "headwave/run/results_file.h"
#include "hub_cache_fixture.h"
#include "widgets/attention_heatmap_view.h"
#include "widgets/head_grid_view.h"
#include "widgets/metric_text.h"
#include "widgets/rescaling_view.h"

using namespace headwave;

namespace {

const QString kModel = QStringLiteral(HEADWAVE_SHARED_DIR "/models/stories260K");

// A few paragraphs of plain English: the tiny model's tokenizer (512 pieces) gives ~4 characters
// per token, so this packs into several 32..64-token sequences.
QString smallCorpus() {
    QString text;
    const char* sentences[] = {
        "Once upon a time there was a little dog named Max. Max liked to run in the park.",
        "One day Max found a big red ball under a tree. He was very happy and played all day.",
        "Lily saw the ball and asked if she could play too. Max wagged his tail and said yes.",
        "They played together until the sun went down. Then they went home to sleep.",
        "The next morning the sun was warm and bright. Max and Lily ran to the park again.",
        "They met a small bird that sang a pretty song. The bird wanted to be their friend.",
    };
    for (const char* s : sentences) {
        text += QString::fromLatin1(s) + QStringLiteral("\n\n");
    }
    return text;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

}  // namespace

class TestAppFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QLocale::setDefault(QLocale::c());
        QCoreApplication::setOrganizationName(QStringLiteral("HeadwaveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("HeadwaveFeatures"));
    }
    void init() { QSettings().clear(); }

    // Help > About: the licence and the versions of the libraries in use, from the engine
    // (headwave/run/library_versions.h) and Qt; the desktop file name and the window icon.
    void aboutBoxAndIdentity() {
        MainWindow::setApplicationIdentity();
        QCOMPARE(QGuiApplication::desktopFileName(), QStringLiteral("org.headwave.Headwave"));
        QVERIFY(!QApplication::windowIcon().isNull());
        QVERIFY(!QApplication::windowIcon().pixmap(48, 48).isNull());
        MainWindow window;
        QVERIFY(!window.windowIcon().pixmap(32, 32).isNull());
        // The app starts without libtorch (torch_plugin.h): until the first model, the About box
        // says so and gives the version this build was configured with.
        QString about = window.aboutText();
        EngineLibraries libraries = engineLibraries();
        QVERIFY(!libraries.torchLoaded);
        QVERIFY2(about.contains(QStringLiteral("first model")), qPrintable(about));
        QVERIFY2(about.contains(QStringLiteral("GPL-3.0-or-later")), qPrintable(about));
        QVERIFY2(about.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())),
                 qPrintable(about));
        // FFTW as the library names itself at run time ("fftw-3.3.10-...").
        QVERIFY(QString::fromStdString(libraries.fftw).startsWith(QStringLiteral("fftw-3.")));
        QVERIFY2(about.contains(QString::fromStdString(libraries.fftw)), qPrintable(about));
        // Any model request loads the plugin (a missing folder is enough); then libtorch's version
        // comes from the plugin itself.
        QVERIFY(!loadAttentionModel("/nonexistent-headwave-model").ok());
        libraries = engineLibraries();
        QVERIFY(libraries.torchLoaded);
        QVERIFY(!libraries.torch.empty() && std::isdigit(libraries.torch.front()) != 0);
        about = window.aboutText();
        QVERIFY2(
            about.contains(QStringLiteral("libtorch ") + QString::fromStdString(libraries.torch)),
            qPrintable(about));
        QVERIFY2(!about.contains(QStringLiteral("first model")), qPrintable(about));
    }

    // A bad value shows a message naming the setting, keeps the engine's settings, and Restore
    // defaults clears it.
    void settingsValidation() {
        MainWindow window;
        SettingsPanel* panel = window.settingsPanel();
        QSignalSpy changed(panel, &SettingsPanel::settingsChanged);
        QVERIFY(panel->valid());
        QVERIFY(panel->validationMessage().isEmpty());

        panel->lowEdgeBox()->setValue(0.9);  // above the high edge (0.75)
        QVERIFY(!panel->valid());
        QVERIFY2(panel->validationMessage().contains(QLatin1String("Band edges")),
                 qPrintable(panel->validationMessage()));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(window.engine()->settings().bandLowEdge, 0.25);
        panel->lowEdgeBox()->setValue(0.3);
        QVERIFY(panel->valid());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(window.engine()->settings().bandLowEdge, 0.3);

        panel->alphasEdit()->setText(QStringLiteral("0.5, 2"));
        QVERIFY(!panel->valid());
        QVERIFY2(panel->validationMessage().contains(QLatin1String("alpha")),
                 qPrintable(panel->validationMessage()));
        panel->windowsEdit()->setText(QStringLiteral("16, abc"));
        QVERIFY(!panel->valid());
        QVERIFY2(panel->validationMessage().contains(QLatin1String("Entropy windows")),
                 qPrintable(panel->validationMessage()));
        QCOMPARE(window.engine()->settings().alphas, (std::vector<double>{0.5, 0.25}));

        panel->restoreDefaults();
        QVERIFY(panel->valid());
        QVERIFY(panel->validationMessage().isEmpty());
        QCOMPARE(window.engine()->settings().toJson(), MethodSettings{}.toJson());

        // Valid settings persist into the next session.
        panel->lowEdgeBox()->setValue(0.2);
        MainWindow next;
        QCOMPARE(next.engine()->settings().bandLowEdge, 0.2);
        QCOMPARE(next.settingsPanel()->lowEdgeBox()->value(), 0.2);
    }

    // At most 8, newest first, persisted; folders that disappeared are removed with a message.
    void recentModels() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QStringList dirs;
        for (int i = 0; i < 10; ++i) {
            const QString d = root.filePath(QStringLiteral("model%1").arg(i));
            QVERIFY(QDir().mkpath(d));
            dirs.push_back(QDir::cleanPath(d));
            RecentModels().add(d);
        }
        RecentModels().add(dirs[5]);  // again: moves to the front, no duplicate
        QStringList l = RecentModels().list();
        QCOMPARE(l.size(), RecentModels::kMax);
        QCOMPARE(l.front(), dirs[5]);
        QCOMPARE(l[1], dirs[9]);
        QCOMPARE(l.count(dirs[5]), 1);
        QVERIFY(!l.contains(dirs[0]));
        // Persisted: a fresh QSettings (what the next session reads) has the same list.
        QSettings().sync();
        QCOMPARE(QSettings().value(QStringLiteral("model/recent")).toStringList(), l);

        // A folder that disappeared is dropped from the menu with a message in the log.
        QVERIFY(QDir(dirs[9]).removeRecursively());
        MainWindow window;
        QMenu* menu = window.recentMenu();
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QStringList shown;
        for (QAction* a : menu->actions()) {
            if (!a->data().toString().isEmpty()) {
                shown.push_back(a->data().toString());
            }
        }
        QCOMPARE(shown.size(), RecentModels::kMax - 1);
        QVERIFY(!shown.contains(dirs[9]));
        QVERIFY(!RecentModels().list().contains(dirs[9]));
        bool logged = false;
        for (int i = 0; i < window.logPanel()->count(); ++i) {
            logged |= window.logPanel()->message(i).contains(QLatin1String("no longer exists"));
        }
        QVERIFY(logged);
    }

    // A folder that is not a model, and one that does not exist: a clear message, no crash.
    void unreadableModelFolder() {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("config.json")), "{ this is not json"));
        MainWindow window;
        window.show();
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 30000);
        const QString message = failures.front().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("config.json")), qPrintable(message));
        QCOMPARE(failures.front().at(2).toBool(), true);  // blocking: a message box
        QVERIFY(window.errorBox());
        QCOMPARE(window.errorBox()->text(), message);
        QVERIFY(!window.engine()->hasModel());
        window.errorBox()->close();

        QSignalSpy boxFailures(window.logPanel(), &LogPanel::entryAdded);
        window.openModel(dir.filePath(QStringLiteral("missing")));
        QVERIFY(window.errorBox());
        QVERIFY2(window.errorBox()->text().contains(QLatin1String("does not exist")),
                 qPrintable(window.errorBox()->text()));
        QVERIFY(!window.engine()->hasModel());
    }

    // File > Open from Hugging Face cache…: one row per cached revision, a filter, rows Headwave
    // cannot open are refused with the reason; the chosen id@commit opens through the engine.
    void hubCacheDialog() {
        QTemporaryDir dir;
        const std::filesystem::path cache = dir.filePath(QStringLiteral("hub")).toStdString();
        const bool shared = QFileInfo::exists(kModel + QStringLiteral("/config.json"));
        headwave::test::makeHubCache(cache, shared ? kModel.toStdString() : std::string());
        const auto mamba = cache / "models--acme--mamba";
        headwave::test::writeText(mamba / "snapshots" / "c0ffee" / "config.json",
                                  "{\"model_type\": \"mamba\"}");
        headwave::test::writeText(mamba / "refs" / "main", "c0ffee");

        HubCacheDialog dialog(QString::fromStdString(cache.string()));
        QCOMPARE(dialog.rowCount(), 5);  // acme/mamba, acme/other-model, acme/tiny x 3
        auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("hubFilter"));
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("hubTable"));
        auto* open = dialog.findChild<QPushButton*>(QStringLiteral("hubOpen"));
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("hubStatus"));
        QVERIFY(filter && table && open && status);
        filter->setText(QStringLiteral("tiny v1.0"));
        QCOMPARE(dialog.visibleRowCount(), 1);
        filter->setText(QStringLiteral("ACME"));
        QCOMPARE(dialog.visibleRowCount(), 5);
        filter->clear();

        table->selectRow(0);  // acme/mamba: another architecture
        QVERIFY(!open->isEnabled());
        QVERIFY(dialog.chosenModel().isEmpty());
        QVERIFY2(status->text().contains(QLatin1String("architecture mamba")),
                 qPrintable(status->text()));
        if (!shared) {
            QSKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
        }
        int tagRow = -1;
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 1)->text().contains(QLatin1String("(v1.0)"))) {
                tagRow = r;
            }
        }
        QVERIFY(tagRow >= 0);
        table->selectRow(tagRow);
        QVERIFY(open->isEnabled());
        dialog.show();  // for a reviewer's eye: build/tests/app/hub_cache_dialog.png
        QVERIFY(
            dialog.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/hub_cache_dialog.png")));
        QCOMPARE(dialog.chosenModel(),
                 QStringLiteral("acme/tiny@") + QLatin1String(headwave::test::kCommitTag));

        qputenv("HF_HUB_CACHE", QByteArray::fromStdString(cache.string()));
        MainWindow window;
        window.show();
        window.openModel(dialog.chosenModel());
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);
        QCOMPARE(QString::fromStdString(window.engine()->modelCard()->info.name),
                 QStringLiteral("acme/tiny"));
        QVERIFY(QString::fromStdString(window.engine()->modelCard()->dir)
                    .endsWith(QLatin1String(headwave::test::kCommitTag)));
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(QStringLiteral("acme/not-cached"));
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 30000);
        QVERIFY2(failures.front().at(0).toString().contains(QLatin1String("acme/tiny")) ||
                     failures.front().at(1).toString().contains(QLatin1String("acme/tiny")),
                 qPrintable(failures.front().at(0).toString()));
        qunsetenv("HF_HUB_CACHE");
    }

    // Attention from a file (what `headwave-cli attention` writes: .npy and its token sidecar, and
    // the same as a compressed .npz): every view fed, the tokens' labels shown, rescaling
    // unavailable with the reason; a file that is not attention gets a message.
    void externalAttention() {
        if (!QFileInfo::exists(kModel + QStringLiteral("/config.json"))) {
            QSKIP("../shared/models/stories260K not found (set HEADWAVE_SHARED)");
        }
        QTemporaryDir dir;
        const QString npy = dir.filePath(QStringLiteral("story.npy"));
        QProcess cli;
        cli.start(QStringLiteral(HEADWAVE_CLI),
                  {QStringLiteral("attention"), QStringLiteral("--model"), kModel,
                   QStringLiteral("--text"), QStringLiteral("Once upon a time there was a cat."),
                   QStringLiteral("--out"), npy, QStringLiteral("--quiet")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("story.tokens.json"))));

        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openAttention(npy);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->analysis() &&
                                     window.engine()->analysis()->kind == AnalysisKind::Attention,
                                 30000);
        const auto analysis = window.engine()->analysis();
        QCOMPARE(analysis->metrics->shape.layers, 5);
        QCOMPARE(analysis->metrics->shape.heads, 8);
        QCOMPARE(QString::fromStdString(analysis->tokens.front().text), QStringLiteral("<s>"));
        QCOMPARE(QString::fromStdString(analysis->tokens[1].text), QStringLiteral(" Once"));
        QTRY_VERIFY_WITH_TIMEOUT(window.heatmap()->attention() != nullptr, 30000);
        QCOMPARE(window.heatmap()->attention()->texts.front(), std::string("<s>"));
        QTRY_VERIFY_WITH_TIMEOUT(window.rescaling()->message().contains(QLatin1String("no model")),
                                 10000);
        QTest::qWait(200);
        QVERIFY(
            window.grab().save(QStringLiteral(HEADWAVE_SCREENSHOT_DIR "/external_attention.png")));
        QCOMPARE(failures.count(), 0);

        // Rows that do not sum to 1: refused with the reason, the shown analysis stays.
        const QString bad = dir.filePath(QStringLiteral("bad.npy"));
        std::vector<float> values(2 * 4 * 4, 0.1f);
        QVERIFY(
            headwave::writeNpy(bad.toStdString(), DType::Float32, {2, 4, 4}, values.data()).ok());
        window.openAttention(bad);
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 30000);
        QVERIFY2(failures.front().at(0).toString().contains(QLatin1String("sum to 1")),
                 qPrintable(failures.front().at(0).toString()));
        QCOMPARE(window.engine()->analysis(), analysis);
        QVERIFY(isAttentionPath(npy) && isAttentionPath(dir.path()) && !isAttentionPath(kModel));
    }

    // Drag and drop onto the window: one local folder (a model) or one .hwrun file is accepted,
    // anything else refused; dropping routes each to its opener.
    void dragAndDrop() {
        QTemporaryDir dir;
        const QString results = dir.filePath(QStringLiteral("dropped.hwrun"));
        const QString text = dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(results, QByteArray("not a results file")));
        QVERIFY(writeFile(text, QByteArray("hello")));
        MainWindow window;
        window.show();
        auto accepts = [&](const QList<QUrl>& urls) {
            QMimeData mime;
            mime.setUrls(urls);
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &enter);
            return enter.isAccepted();
        };
        const QUrl folder = QUrl::fromLocalFile(dir.path());
        QVERIFY(accepts({folder}));
        QVERIFY(accepts({QUrl::fromLocalFile(results)}));
        QVERIFY(!accepts({QUrl::fromLocalFile(text)}));
        QVERIFY(!accepts({folder, QUrl::fromLocalFile(results)}));
        QVERIFY(!accepts({QUrl(QStringLiteral("https://huggingface.co/some/model"))}));
        QVERIFY(!accepts({}));

        // As a real drag: enter (Qt delivers the drop to the widget that accepted it), then drop.
        auto drop = [&](const QString& path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                                  Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                             Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &event);
        };
        // A dropped results file is opened as one: its error names it.
        QSignalSpy failures(window.engine(), &EngineController::failed);
        drop(results);
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 30000);
        QVERIFY2(failures.front().at(0).toString().contains(QLatin1String("dropped.hwrun")),
                 qPrintable(failures.front().at(0).toString()));
        if (window.errorBox()) {
            window.errorBox()->close();
        }
        if (!QDir(kModel).exists()) {
            QSKIP("../shared/models/stories260K is not there (the folder drop was not tried)");
        }
        // A dropped model folder is loaded and becomes the current (and most recent) model.
        drop(kModel);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel() || failures.count() > 1, 30000);
        QVERIFY2(failures.count() == 1, qPrintable(failures.back().at(0).toString()));
        QVERIFY(window.engine()->hasModel());
        QCOMPARE(RecentModels().list().value(0), QDir::cleanPath(QDir(kModel).absolutePath()));
    }

    // An analysed text saved as a results file: a run of one sequence with the snapshot's numbers
    // bit for bit, every head's attention kept (they fit the budget), the scale sensitivity
    // added; it opens again as a run.
    void saveAnalyzedText() {
        if (!QDir(kModel).exists()) {
            QSKIP("../shared/models/stories260K is not there");
        }
        QTemporaryDir dir;
        MainWindow window;
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openModel(kModel);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);
        QVERIFY(!window.engine()->canSaveResults());
        window.state()->analyze(smallCorpus());  // an intent, as the Analyze button
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->analysis() != nullptr, 30000);
        const auto snap = window.engine()->analysis();
        QVERIFY(!snap->run);
        QVERIFY(window.engine()->canSaveResults());
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("saveResultsButton"))->isEnabled());

        const QString out = dir.filePath(QStringLiteral("text.hwrun"));
        QSignalSpy saved(window.engine(), &EngineController::resultsSaved);
        window.saveResults(out);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 60000);
        QCOMPARE(failures.count(), 0);
        auto file = readRunFile(out.toStdString());
        QVERIFY2(file.ok(), file.ok() ? "" : file.error().describe().c_str());
        const RunResult& run = *file.value();
        QCOMPARE(run.sequences(), 1);
        QCOMPARE(run.tokens.front(), static_cast<int>(snap->tokens.size()));
        for (std::size_t i = 0; i < snap->tokens.size(); ++i) {
            QCOMPARE(run.tokenIds[i], snap->tokens[i].id);
        }
        const int L = snap->metrics->shape.layers;
        const int H = snap->metrics->shape.heads;
        QCOMPARE(static_cast<int>(run.kept.size()), L * H);
        std::vector<double> row(run.layout.size());
        int compared = 0;
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                run.layout.flatten(snap->metrics->at(l, h), row.data());
                for (std::size_t c = 0; c < run.layout.size(); ++c) {
                    const double want = run.metric(0, l, h, c);
                    if (run.layout.column(c).key.rfind("scale_sensitivity", 0) == 0) {
                        QVERIFY(want >= 0.0 && want <= 2.0);  // computed by the save
                        continue;
                    }
                    QVERIFY2(std::isnan(want) ? std::isnan(row[c]) : row[c] == want,
                             run.layout.column(c).key.c_str());
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 100);

        // Byte for byte the file `headwave-cli analyze --text` writes for the same text: one
        // pipeline (the engine's session) behind both front ends.
        const QString textFile = dir.filePath(QStringLiteral("text.txt"));
        {
            QFile f(textFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(smallCorpus().toUtf8());
        }
        const QString cliOut = dir.filePath(QStringLiteral("cli.hwrun"));
        QProcess cli;
        cli.start(QStringLiteral(HEADWAVE_CLI),
                  {QStringLiteral("analyze"), QStringLiteral("--model"), kModel,
                   QStringLiteral("--text-file"), textFile, QStringLiteral("--out"), cliOut,
                   QStringLiteral("--quiet")});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QFile appFile(out);
        QFile cliFile(cliOut);
        QVERIFY(appFile.open(QIODevice::ReadOnly) && cliFile.open(QIODevice::ReadOnly));
        const QByteArray appBytes = appFile.readAll();
        QVERIFY(appBytes.size() > 100000);
        QVERIFY2(appBytes == cliFile.readAll(), "the app's file differs from the CLI's");

        window.openResults(out);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->analysis() != snap, 30000);
        QVERIFY(window.engine()->analysis()->run);
        QCOMPARE(failures.count(), 0);
    }

    // A corrupt results file: a clear message naming the file, no crash.
    void corruptResultsFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.hwrun"));
        QByteArray junk("PK\x03\x04");
        for (int i = 0; i < 300; ++i) {
            junk.append(static_cast<char>((i * 37) & 0xff));
        }
        QVERIFY(writeFile(path, junk));
        MainWindow window;
        QSignalSpy failures(window.engine(), &EngineController::failed);
        window.openResults(path);
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 30000);
        const QString message = failures.front().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("broken.hwrun")), qPrintable(message));
        QVERIFY(window.errorBox());
        QVERIFY(!window.engine()->analysis());
    }

    // A corpus run in the app: a snapshot of per-head means with the run set; saved and reopened.
    void corpusRun() {
        if (!QDir(kModel).exists()) {
            QSKIP("../shared/models/stories260K is not there");
        }
        QTemporaryDir dir;
        const QString corpus = dir.filePath(QStringLiteral("small.txt"));
        QVERIFY(writeFile(corpus, smallCorpus().toUtf8()));
        MainWindow window;
        QSignalSpy failures(window.engine(), &EngineController::failed);
        QSignalSpy progress(window.engine(), &EngineController::corpusProgress);
        window.openModel(kModel);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->hasModel(), 30000);

        RunSettings s;
        s.method = window.engine()->settings();
        s.corpus.minTokens = 32;
        s.corpus.maxTokens = 64;
        s.corpus.maxSequences = 4;
        window.state()->runCorpus(corpus, s);  // an intent, as the Run corpus button
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->analysis() != nullptr, 60000);
        QCOMPARE(failures.count(), 0);
        const auto snap = window.engine()->analysis();
        QVERIFY(snap->run);
        const RunResult& run = *snap->run;
        QVERIFY(run.sequences() >= 2);
        QVERIFY(progress.count() >= 1);
        QCOMPARE(snap->metrics->shape.layers, 5);
        QCOMPARE(snap->metrics->shape.heads, 8);
        QCOMPARE(static_cast<int>(snap->metrics->heads.size()), 40);
        // Per-head means: the snapshot's metric is the mean over the run's sequences.
        const int col = run.layout.index("spectral_entropy");
        QVERIFY(col >= 0);
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                double sum = 0;
                for (int q = 0; q < run.sequences(); ++q) {
                    sum += run.metric(q, l, h, static_cast<std::size_t>(col));
                }
                // Welford's streaming mean vs a plain sum over <= 4 values: 1e-12.
                QVERIFY(std::abs(snap->metrics->at(l, h).spectralEntropy - sum / run.sequences()) <
                        1e-12);
                QCOMPARE(snap->metrics->at(l, h).scaleSensitivity.size(), std::size_t{2});
            }
        }
        QCOMPARE(snap->rho, run.summary->rhoModel);
        QVERIFY(window.headGrid()->metrics() == snap->metrics);

        // Save (atomic) and open again: the same numbers.
        const QString out = dir.filePath(QStringLiteral("run.hwrun"));
        QSignalSpy saved(window.engine(), &EngineController::resultsSaved);
        window.saveResults(out);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
        QVERIFY(QFile::exists(out));
        window.openResults(out);
        QTRY_VERIFY_WITH_TIMEOUT(window.engine()->analysis() != snap, 30000);
        const auto reopened = window.engine()->analysis();
        QVERIFY(reopened->run);
        // Bit-identical values, NaN where a metric is undefined (window longer than T).
        QCOMPARE(reopened->run->metrics.size(), run.metrics.size());
        for (std::size_t i = 0; i < run.metrics.size(); ++i) {
            const double x = run.metrics[i];
            const double y = reopened->run->metrics[i];
            QVERIFY(std::isnan(x) ? std::isnan(y) : x == y);
        }
        QCOMPARE(failures.count(), 0);
    }

    // Cancelling a corpus run that would save its result leaves no file (and no temporary one).
    void cancelCorpusLeavesNoFile() {
        if (!QDir(kModel).exists()) {
            QSKIP("../shared/models/stories260K is not there");
        }
        const QString corpus = QStringLiteral(HEADWAVE_SHARED_DIR "/text/tinyshakespeare.txt");
        if (!QFile::exists(corpus)) {
            QSKIP("../shared/text/tinyshakespeare.txt is not there");
        }
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("cancelled.hwrun"));
        EngineController engine;
        engine.openModel(kModel);
        QTRY_VERIFY_WITH_TIMEOUT(engine.hasModel(), 30000);
        QSignalSpy progress(&engine, &EngineController::corpusProgress);
        QSignalSpy jobs(&engine, &EngineController::progress);
        QSignalSpy failures(&engine, &EngineController::failed);
        RunSettings s;
        s.corpus.maxSequences = 500;
        engine.runCorpus(corpus, s, out);
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 60000);
        engine.cancelCorpus();
        // The job ends (finished = true) soon after the stop request.
        auto finished = [&] {
            for (const auto& args : jobs) {
                if (args.at(0).toString() == QLatin1String(kJobCorpus) && args.at(3).toBool()) {
                    return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished(), 30000);
        QTest::qWait(100);
        QVERIFY(!QFile::exists(out));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
        QVERIFY(!engine.analysis());
        QCOMPARE(failures.count(), 0);
    }

    // The Italian translation is embedded and translates a known string of app/.
    void italianTranslation() {
        QTranslator it;
        QVERIFY(it.load(QStringLiteral(":/i18n/headwave_it.qm")));
        QCOMPARE(it.translate("headwave::MainWindow", "Analyze"), QStringLiteral("Analizza"));
        // Every text of the metric catalogue is translated (adding a metric means translating it).
        const auto translated = [&](std::string_view english) {
            return !it.translate(kMetricTextContext, std::string(english).c_str()).isEmpty();
        };
        for (const MetricFamily& f : kMetricCatalogue) {
            QVERIFY2(translated(f.label) && translated(f.unit) && translated(f.description) &&
                         (f.displayUnit.empty() || translated(f.displayUnit)),
                     f.key.data());
        }
        for (MetricSeries series :
             {MetricSeries::PerScale, MetricSeries::PerWindow, MetricSeries::PerAlpha}) {
            QVERIFY(translated(metricSeriesText(series).column));
            QVERIFY(translated(metricSeriesText(series).first));
        }
        QVERIFY(translated(waveletEntropyText(WaveletEntropyMode::Normalised)));
        QVERIFY(translated(waveletEntropyText(WaveletEntropyMode::Raw)));
        QVERIFY(QCoreApplication::installTranslator(&it));
        QCOMPARE(MainWindow::tr("Cancel"), QStringLiteral("Annulla"));
        QCOMPARE(metricFamilyHeader(metricFamily("spectral_entropy")),
                 QStringLiteral("Entropia spettrale (nat)"));
        QCOMPARE(metricFirstColumnHeader(metricFamily("scale_sensitivity_a{alpha}")),
                 QStringLiteral("Sensibilit\u00E0 di scala, primo \u03B1 (1 \u2212 cos)"));
        {
            MainWindow window;
            auto* analyze = window.findChild<QPushButton*>(QStringLiteral("analyzeButton"));
            QVERIFY(analyze);
            QCOMPARE(analyze->text(), QStringLiteral("Analizza"));
        }
        QCoreApplication::removeTranslator(&it);
        QCOMPARE(MainWindow::tr("Analyze"), QStringLiteral("Analyze"));
        QTranslator en;
        QVERIFY(en.load(QStringLiteral(":/i18n/headwave_en.qm")));
    }
};

QTEST_MAIN(TestAppFeatures)
#include "test_app_features.moc"
