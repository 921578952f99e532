// SPDX-License-Identifier: GPL-3.0-or-later
// Where the demo models (resources/demo: RoPE checkpoints and positional twins, text.txt) are, and
// the names of their folders, so the window can open them without a file dialog.
//
//   const QString demo = demoFolder();                  // empty when no demo is installed
//   window.openDemo(demoCheckpoint(demo, 512));          // rope/step-0512 on text.txt
#pragma once

#include <QString>
#include <QStringList>

namespace headwave {

// The first existing of: $HEADWAVE_DEMO, <exe dir>/../share/headwave/demo (an installed package),
// the source tree's resources/demo. Empty when none exists.
QString demoFolder();

// The RoPE checkpoints' training steps, in order (rope/step-NNNN).
const QList<int>& demoSteps();
// The positional twins at the last step: none, learned, sinusoidal, alibi (and rope).
const QStringList& demoSchemes();

QString demoCheckpoint(const QString& demo, int step);         // demo/rope/step-0512
QString demoTwin(const QString& demo, const QString& scheme);  // demo/alibi/step-0512
QString demoTextPath(const QString& demo);                     // demo/text.txt
// The first paragraph (up to the first blank line) of the demo text; empty when unreadable.
QString demoFirstParagraph(const QString& demo);

}  // namespace headwave
