// SPDX-License-Identifier: GPL-3.0-or-later
// The rescaling experiment (docs/method.md "Scale sensitivity"): a slider for alpha in
// [0.10, 1.00]; for the head and alpha of a RescaleSnapshot, the original profile and the
// subsampled profile stretched back to T overlaid, their two db2 scalograms on one colour scale,
// and S(alpha). alphaChanged is emitted continuously while the slider is dragged (the app re-runs
// the model, latest request wins); updates only reset data and queue a replot, so they stay cheap.
//
//   RescalingView view;
//   connect(&view, &RescalingView::alphaChanged, controller, &Controller::rescale);
//   view.setRescale(result);   // std::shared_ptr<const RescaleSnapshot>; null clears
#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "headwave/run/snapshots.h"
#include "widgets/color_maps.h"

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;

namespace headwave {

class ScalogramPlot;

class RescalingView : public QWidget {
    Q_OBJECT
public:
    // The slider's range and resolution.
    static constexpr double kMinAlpha = 0.10;
    static constexpr double kMaxAlpha = 1.00;
    static constexpr double kAlphaStep = 0.01;

    explicit RescalingView(QWidget* parent = nullptr);
    ~RescalingView() override;

    void setRescale(std::shared_ptr<const RescaleSnapshot> rescale);
    // No rescaling shown, and why (what it waits for, or why there is none).
    void setMessage(const QString& message);
    QString message() const { return m_message; }
    const std::shared_ptr<const RescaleSnapshot>& rescale() const { return m_rescale; }
    // While a newer alpha is computed, the rescaling shown is an earlier one: a line under the
    // title says what is on its way (empty: nothing).
    void setBusyNote(const QString& note);
    QString busyNote() const { return m_busyNote; }

    // Moves the slider without emitting alphaChanged; clamped to [0.10, 1.00], rounded to 0.01.
    void setAlpha(double alpha);
    double alpha() const;

    void setColorMap(ColorMap map);

    // The alphas labelled under the slider: its ends and the paper's 0.5 and 0.25.
    static std::vector<double> markedAlphas();

    QCustomPlot* plot() const { return m_plot; }
    QSlider* slider() const { return m_slider; }
    QCPGraph* originalGraph() const { return m_original; }
    QCPGraph* stretchedGraph() const { return m_stretched; }
    QCPColorMap* originalScalogram() const;
    QCPColorMap* stretchedScalogram() const;
    QCPColorScale* colorScale() const { return m_scale; }
    const ScalogramPlot& originalScalogramPlot() const { return *m_originalScalogram; }
    QString title() const;  // unwrapped (drawn wrapped to the plot's width)
    QString valueText() const;

Q_SIGNALS:
    void alphaChanged(double alpha);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void updateValueLabel();
    void onMouseMove(QMouseEvent* event);

    QString m_busyNote;
    std::shared_ptr<const RescaleSnapshot> m_rescale;
    QString m_message;        // shown when there is no rescaling
    bool m_updating = false;  // setAlpha: the slider moves without alphaChanged
    QSlider* m_slider = nullptr;
    QLabel* m_value = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QString m_titleText;  // unwrapped
    QCPAxisRect* m_profileRect = nullptr;
    QCPAxisRect* m_originalRect = nullptr;
    QCPAxisRect* m_stretchedRect = nullptr;
    QCPGraph* m_original = nullptr;
    QCPGraph* m_stretched = nullptr;
    QCPColorScale* m_scale = nullptr;
    std::unique_ptr<ScalogramPlot> m_originalScalogram;
    std::unique_ptr<ScalogramPlot> m_stretchedScalogram;
    int m_tokens = -1;  // T of the current axis ranges
};

}  // namespace headwave
