<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>HubCacheDialog</name>
    <message>
        <source>Open from Hugging Face cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models already in the local Hugging Face cache %1. Headwave never downloads: fetch a model first (huggingface-cli download ORG/NAME).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: set HF_HUB_CACHE or HOME)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by id, revision or architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is cached. Download one on a machine with network access (huggingface-cli download ORG/NAME), or open a model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headwave cannot open this revision: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>the key &quot;%1&quot; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number of 0 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;source&quot; must be an object such as {&quot;kind&quot;: &quot;checkpoint&quot;, &quot;step&quot;: 512}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo has no checkpoint at step %1 (it has 0, 64, 128, 256 and 512).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo has no twin &quot;%1&quot; (it has %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;path&quot; of a model source must name a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown source kind &quot;%1&quot; (checkpoint, twin, teaching or model).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a step must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;head&quot; must be [layer, head], two whole numbers of 0 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each of &quot;pinned&quot; must be [layer, head].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;alpha&quot; must be a number in (0, 1].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;settings&quot; must be an object of method settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;settings&quot;: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown view &quot;%1&quot; (the views are %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the emphasised view &quot;%1&quot; is not among the step&apos;s views.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo&apos;s RoPE checkpoint at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo&apos;s %1 twin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the teaching patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a lesson: the JSON is malformed at byte %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a lesson: the file must hold one JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a lesson: &quot;format&quot; must be &quot;headwave-lesson&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lesson has format version %1; this Headwave reads version %2. Update Headwave or save the lesson again as version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;steps&quot; must be a list of one step or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lesson cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the lesson %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson %1 is larger than 16 MiB; it is not a lesson.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 needs %2, but no demo is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 needs %2, which is not here (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the lesson %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScalogramPlot</name>
    <message>
        <source>Power |c|²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Magnitude |c|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log₁₀ |c|²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  r ∈ [0, %2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  r ∈ [%2, %3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: approx. band %2 of the normalised frequency (1 = Nyquist)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, coefficient %2 of %3 (positions %4–%5)
c = %6
%7 = %8
band %9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r ∈ [0, %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r ∈ [%1, %2]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave</name>
    <message>
        <source>the disk is full (%1 KB free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the write failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write &apos;%1&apos;: %2. Choose a folder you can write to, with free space; an existing file of that name was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error minus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error plus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(error bars)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A figure must be 10 to 1000 mm wide and high; got %1 x %2 mm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resolution must be %1 to %2 dpi; got %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The font size must be 4 to 48 points; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line width must be 0.1 to 10 points; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This view has nothing to export yet; analyse a text or open a results file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made with Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This view has no data to export yet; analyse a text or open a results file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Magma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cividis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diverging (RdBu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S(α), mean ± std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wavelet entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no results to draw; analyse a text or open a results file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one figure format (pdf, svg, png or tif).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1 is not in this model (%2 layers x %3 heads); heads are numbered from 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local/global ratio of every head (layers x heads), the paper&apos;s Fig. 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell colour (logarithmic, white = 1): local share / (1 - local share), where the local share is the mean attention mass within the local window; &gt; 1 means mostly local. Layers down, heads across.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band shares of the heads of layer %1 (Fig. 2) and across layers (Fig. 3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top: stacked shares of spectral power in the low, mid and high bands of each head of the layer. Bottom: the mean band shares of each layer with +- std (over heads, or over the run&apos;s per-head means).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional against spectral entropy, one point per head, with rho</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x: positional entropy of the normalised profile (nats); y: spectral entropy of the normalised power spectrum (nats); colour: layer; rho: Pearson correlation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional against spectral entropy, one point per head and sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As uncertainty_scatter, with a point for every head of every sequence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale sensitivity per alpha, mean +- std over the heads of each layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S(alpha) compares a head&apos;s wavelet decomposition on the sequence with that on the sequence subsampled by alpha and stretched back (docs/method.md); 0 = scale-invariant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wavelet entropy per scale and layer, mean over heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy (nats) of the normalised squared db2 coefficients at each scale, cA_J (coarsest) to cD_1 (finest), averaged over the heads of each layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectra of the pinned heads, overlaid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power |X[k]|^2 of the Hann-windowed, zero-padded profile against normalised frequency r (1 = Nyquist); shaded: the low, mid and high bands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectrum of layer %1, head %2 with its band shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As spectra_pinned, for one head; the band shares are written in each band.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DWT scalogram (db2) of layer %1, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top: the normalised profile a(t). Bottom: squared db2 coefficients by scale (rows, each with its approximate band of r) and position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder &apos;%1&apos;. Choose a folder you can write to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; already exists. Choose an empty folder, or allow replacing the figures (--force on the command line).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Figure set

Made by Headwave. Every figure comes in each format with the data behind it (CSV, with units and settings in its header).

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what it shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run did not keep the profile of %1, so its spectrum and scalogram cannot be drawn; analyse the corpus again with --keep-heads, or choose among the kept heads (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::AppState</name>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1 and analysing the text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing the text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing the teaching patterns…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the corpus %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the attention of head %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This corpus run shows per-head means over its sequences; it kept no attention for head %1. Run the corpus keeping it (headwave-cli analyze --keep-heads) or analyse a text to see a head&apos;s attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the model on the text rescaled by α = %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The teaching patterns are made, not computed by a model: there is nothing to run again on a rescaled text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A corpus run shows its scale sensitivity per alpha in the head grid and the metrics table; analyse a text to rescale one head.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapping the heads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing the attention in %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescaling is not available for attention from a file: there is no model to run again on the rescaled text. Open the model and analyse the same text to rescale a head.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::AttentionHeatmapView</name>
    <message>
        <source>Select a head in the head grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2 — %3 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query %1 “%2” → key %3 “%4”
Weight: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::BandPowerView</name>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band power per head — no analysis yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2
low %3 %, mid %4 %, high %5 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r &lt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ≤ r &lt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r ≥ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 band: %2 (normalised frequency, 1 = Nyquist); share of the head&apos;s spectral power, in %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: band power per head (mean over %2 sequences)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: band power per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band power per layer — no analysis yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per layer: mean ± std over the heads&apos; means (%1 sequences)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per layer: mean ± std over heads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::CompareWindow</name>
    <message>
        <source>a text analysed by a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the teaching patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an attention file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a corpus run or results file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare sources — Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the current analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add results or attention files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources (the first is A; differences are to A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the &amp;current analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;results or attention files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export figure set…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1:%2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3 layers × %4 heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no analysis to add yet: analyse a text, open an attention file or a results file in the main window first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This analysis is already a source of the comparison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add results or attention files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results and attention (*.hwrun *.npy *.npz *.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add two or more sources: the current analysis of the main window (a model&apos;s text, a checkpoint, a positional twin, an attention file) or results files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one more source to compare with &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figure set into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure set written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figure set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no comparison to export yet; add two or more sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1; choose another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::ComparisonView</name>
    <message>
        <source>Low band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band shares per layer (mean over the layer&apos;s heads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional entropy H_p (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectral entropy H_s (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncertainty scatter, one point per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalised frequency r (1 = Nyquist)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power |X[k]|²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectrum of the selected head in each source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These sources were analysed with different settings, so their numbers are not directly comparable: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sources have different shapes, so heads are matched by relative depth: layer l of the first source (L₁ layers) meets layer round(l (L − 1) / (L₁ − 1)) of a source with L layers, and heads likewise when their counts differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (heads matched by depth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 − %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, head %2:%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (no spectrum kept)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::EngineController</name>
    <message>
        <source>The engine failed unexpectedly; try again, and report it if it repeats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the tokenizer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenising…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing the layers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the spectra and scalograms…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the results file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the results file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to load this model; close other programs or choose a smaller model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model first (File &gt; Open model…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text has %1 tokens; only the first %2 (the model&apos;s context) were analysed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to analyse this text; try a shorter text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory for the rescaled run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence %1 of %2, about %3 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory for this corpus run; use fewer or shorter sequences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to open this results file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory for the teaching patterns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to compare these models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no results to save; analyse a text or run a corpus first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to save these results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the model on the text rescaled by α = %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to show this head&apos;s attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory for the head map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapping the heads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to analyse this attention file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to compare these sources.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::ExportActions</name>
    <message>
        <source>Export figure…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (CSV, JSON)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure &amp;set…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected head&apos;s &amp;attention (.npy)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing to export yet; analyse a text or open a results file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figure set into folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figure set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder already holds figures of a set. Replace them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the figures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No head&apos;s attention is shown yet; analyse a text and select a head.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NumPy array (*.npy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::ExportDialog</name>
    <message>
        <source>Export figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (vector, fonts embedded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG (vector, text as text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (raster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TIFF (raster, lossless)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One column (85 mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two columns (175 mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> dpi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publication style (black on white, whatever the theme)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titles above the plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Font:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line width:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview (what the file will show):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 pixels at %3 dpi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector: %1 × %2 mm, text stays text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected head</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::HeadGridView</name>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2
%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ(Hₚ, Hₛ) over sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head-map class</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::HeadMapView</name>
    <message>
        <source>By silhouette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes of k-means; by silhouette: the k of 2 to 8 whose classes are best separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heads nearest to the selected one in the standardised features (distance in standard deviations); click one to select it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC1 (%1 % of the variance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC2 (%1 % of the variance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 heads, k = %2 by silhouette (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 heads, k = %2 (silhouette %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar heads: select a head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similar to L%1 H%2 (class %3); distance in standard deviations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L%1 H%2 · class %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2, class %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
PC1 = %1, PC2 = %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::HeadMetricsModel</name>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer index, from 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head index within the layer, from 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ (Hₚ, Hₛ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pearson correlation of positional and spectral entropy over the run&apos;s sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2
%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::LessonPanel</name>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous step (Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next step (Page Down, Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this state as a step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The source, text, heads, alpha, settings and views shown now become a new step after this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation (Markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question for the class (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lesson open. Open one from File &gt; Open lesson…, or record one: set up the views and press &quot;Add this state as a step&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::LogPanel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::MainWindow</name>
    <message>
        <source>Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectrum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scalogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band powers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a text to analyse, then press Analyze (Ctrl+Return).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse every head on this text (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A text file, a .jsonl file or a folder of .txt files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most this many sequences are analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse the corpus with the current settings (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a .hwrun results file (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analyze text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose &amp;corpus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;default settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Colour map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratios and correlations use a diverging map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was removed from the recent models: the folder no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text corpora (*.txt *.jsonl *.ndjson);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headwave results (*.hwrun);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no run results to save; run a corpus first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headwave results (*.hwrun)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes when Headwave is started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder %1 does not exist; choose a folder with config.json and the weights (*.safetensors).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model first (File &gt; Open model…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is empty; type at least one word to analyse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a corpus file or folder first (Browse…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The corpus %1 does not exist; choose another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The minimum number of tokens is larger than the maximum; correct the token range of the corpus run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus run on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Headwave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sequences, %2 layers × %3 heads, wavelet level %4; ρ = %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens, %2 layers × %3 heads, wavelet level %4; ρ = %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Compared %n model(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo models are not installed; open a model with File &gt; Open model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo text %1 could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing the RoPE checkpoints on the demo text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing the positional schemes on the demo text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teaching patterns (one layer, 128 tokens t0…t127): %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysed text, one box per token. The selected head&apos;s attention profile shades each token: darker tokens receive more attention on average.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head of the model, one cell per head (rows are layers, columns heads), coloured by the chosen metric. Click a cell to select that head in every view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected head&apos;s attention matrix: row i is what token i attends to, column j is how much token j is attended to. A bright diagonal means local attention, a bright first column an attention sink, stripes a periodic pattern.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The power spectrum of the selected head&apos;s attention profile: frequency r from 0 (slow change across positions) to 1 (change from one token to the next). Power concentrated at low r means smooth, long-range attention; at high r, sharp and local. The shaded bands are the low, mid and high bands of the band shares.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wavelet (db2) coefficients of the selected head&apos;s profile, coarse scales at the top and fine scales at the bottom, along the positions. It shows where in the sequence each scale is active, which a spectrum cannot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rescaling experiment: the model re-run on the text subsampled by alpha, its profile stretched back to full length and compared with the original. A head whose pattern follows content keeps its shape (low sensitivity); one tied to absolute positions changes (high sensitivity).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How each head divides its spectral power between the low, mid and high bands (top), and the mean and spread of those shares per layer (bottom). Heads that specialise in different bands look like a bank of wavelet filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each head as a point: positional entropy (how spread the attention is over positions) against spectral entropy (how spread its power is over frequencies). Like the uncertainty principle, a head cannot be narrow in both; rho is their correlation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every metric of every head as numbers. Click a column header to sort, a row to select that head.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several models analysed on the same text: training checkpoints against the training step, or the positional twins side by side. Panels show the mean (and spread across heads) of spectral entropy, selectivity, band shares and scale sensitivity; a growing spread means the heads separate into bands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RoPE &amp;checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Positional twins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No positions (causal mask only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learned absolute positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sinusoidal positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ALiBi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Training timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the heads&apos; spectra change over the RoPE model&apos;s training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional &amp;schemes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same model trained with each positional scheme, side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;eaching patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synthetic heads with known structure: local band, attention sink, periodic, blocks and uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the analysed text or the corpus run as a .hwrun results file (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A corpus run is in progress; this stops it: %1. Stop the run?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done, the corpus run goes on: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s text is in the text box (Ctrl+Z brings yours back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the teaching patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the demo&apos;s &amp;text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the demo&apos;s text in the text box (Ctrl+Z brings yours back); the checkpoints and twins analyse the text in the box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new corpus run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a text and press Analyze to see every head of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model (File &gt; Open model…) or the demo (Demo menu).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teaching patterns: one layer of %1 synthetic heads (no model). The model %2 stays open for your next analysis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus run of %1: %2 sequences, %3 layers × %4 heads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (loaded with the first model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Headwave %1&lt;/h3&gt;&lt;p&gt;How transformer attention heads handle position: frequency bands, db2 wavelets and entropies of every head, on your own models and texts.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Copyright &amp;copy; 2026 the Headwave developers.&lt;br&gt;Headwave is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version (GPL-3.0-or-later). It comes with NO WARRANTY. The licence is in the file LICENSE of the source and in /usr/share/doc/headwave/copyright of the package.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Running on Qt %1, QCustomPlot %2, %3 and FFTW %4.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open from &amp;Hugging Face cache…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head as a point: the first two principal components of its band shares, entropies, local share and wavelet entropy per scale, standardised over the heads. Colours are k-means classes (k chosen by silhouette unless you choose it). Beside the map, the heads most similar to the selected one; click a point or a row to select that head.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;attention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention exported from any framework: .npy, .npz or .safetensors shaped [layers, heads, T, T] or [heads, T, T], with its tokens from NAME.tokens.json beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open attention &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A folder of one attention file per layer (layer_0.npy, layer_1.npy, …).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention (*.npy *.npz *.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of per-layer attention files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the attention in %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention from %1: %2 layers × %3 heads over %4 tokens (no model; %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token labels from its sidecar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no token sidecar, so tokens are numbered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model %1 stays open for your next analysis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare sources…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF with a page per step: its figure and its explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next lesson step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous lesson step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headwave lessons (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the lesson to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson &quot;%1&quot; needs models that are not on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened the lesson &quot;%1&quot; (%2 steps).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of the lesson needs %2, which is not on this machine (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson&apos;s step selects head %1:%2, which this analysis does not have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layout before presenter mode could not be restored; View &gt; Reset layout brings the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson first (File &gt; Open lesson…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the handout %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of the lesson did not finish within 5 minutes; the handout was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the handout %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::MetricsTableView</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::ModelCardPanel</name>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model. Open a Hugging Face model folder with File &gt; Open model… or drop a folder on the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 query heads, %2 key/value heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 query heads, %2 key/value heads (grouped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 billion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 million</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::RescalingView</name>
    <message>
        <source>Subsampling factor α: the model is re-run on ⌊αT⌋ tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile a(t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stretched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position t (token index)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α = %1  (m = %2 of %3 tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescaling — select a head and move the slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S(α) = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S(α) undefined (a profile without energy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2, α = %3 (m = %4 of %5 tokens):
%6 (1 − cos)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::ScalogramView</name>
    <message>
        <source>Profile a(t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position t (token index)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale (approx. band of normalised frequency r)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DWT scalogram (db2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — no analysis yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — select a head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — layer %2, head %3: not in this result (a corpus run keeps no coefficients)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
layer %2, head %3, J = %4, T = %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale (cDj: r ∈ [2⁻ʲ, 2¹⁻ʲ])</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::SettingsPanel</name>
    <message>
        <source>Band edges must satisfy 0 &lt; low edge &lt; high edge &lt; 1 (1 = Nyquist); got %1 and %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wavelet level must be Automatic or between 0 and the maximum for the sequence length; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at least one window size for the window entropy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window-entropy window sizes must be between 2 and 1000000 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local window must be between 0 and 1000000 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each rescaling factor alpha must be greater than 0 and at most 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over queries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last query row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every row, averaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which attention the position profile a(t) is built from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hann</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (rectangular)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectrum window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To 2× length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To 4× length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero padding before the FFT (next power of two)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero padding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low band: r below this edge (normalised frequency, 1 = Nyquist)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High band: r at or above this edge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid band:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db2 decomposition depth J; Automatic = the maximum for the shortest sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wavelet level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power |c|²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Magnitude |c|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scalogram value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw (−Σ c² log c²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wavelet entropy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window sizes in tokens, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy windows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|i − j| up to this distance counts as local attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescaling factors in (0, 1] for the scale sensitivity of corpus runs, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alphas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subsampling:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per head, then averaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ over a corpus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply to the next analysis or corpus run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy windows: type whole numbers of tokens separated by commas, e.g. 16, 32, 64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alphas: type numbers in (0, 1] separated by commas, e.g. 0.5, 0.25.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::SpectrumView</name>
    <message>
        <source>Layer %1, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logarithmic power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this head&apos;s spectrum drawn while other heads are selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear pins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalised frequency r (1 = Nyquist)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power |X[k]|²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectrum — no analysis yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectrum — select a head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectrum — %1: not in this result (a corpus run keeps no spectra)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power spectrum — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (selected)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::TimelineView</name>
    <message>
        <source>Band share (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models compared yet: Demo &gt; Training timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training timeline: heads over %1 checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional schemes: %1 models</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::TokenStrip</name>
    <message>
        <source>Tint by the head&apos;s profile a(t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour each token by the attention it receives from the selected head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token %1 (id %2)
“%3”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (special)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
a(t) = %1 (layer %2, head %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A corpus run: no single token sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens, tinted by layer %2, head %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>headwave::UncertaintyScatterView</name>
    <message>
        <source> (fewer than 2 sequences)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (an entropy does not vary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One point per head and sequence of the corpus run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional entropy Hₚ (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectral entropy Hₛ (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position–spectrum trade-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No analysis yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model mean over layers, %1 sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over the %1 heads of this sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2, sequence %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Hₚ = %1 nats, Hₛ = %2 nats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>How transformer attention heads handle position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the model folder DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the language CODE (en, it; default: the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the time to a usable window (and, with the demo, to its analysis on screen) and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model folder, a .hwrun results file, or attention to open (.npy, .npz, .safetensors, or a folder of per-layer files).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lesson FILE at its first step (docs/lessons.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --lesson: write the lesson&apos;s handout (a PDF, a page per step) to FILE and quit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>metric</name>
    <message>
        <source>fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of spectral power below the low band edge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-band share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of spectral power between the band edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid-band share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of spectral power at or above the high band edge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High-band share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max P / (sum P - max P), DC included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selectivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy of the normalised power spectrum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectral entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy of the normalised {profile} profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over queries of the attention within |i - j| &lt;= {local_window} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local_share / (1 - local_share)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local/global ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relative L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db2 round-trip error in float32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recon. error f32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rel. L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db2 round-trip error in float64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recon. error f64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{wavelet_entropy} of {array}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wavelet entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of ln w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean normalised entropy of {w}-token windows (NaN when T &lt; w)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 - cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coefficient change when the sequence is rescaled by alpha = {alpha} (NaN when not computed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 − cos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} {array}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}, scale 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} w = {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}, first window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} α = {alpha}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}, first α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raw -sum c^2 log c^2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy of normalised squared coefficients</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
