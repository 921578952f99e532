<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT">
<context>
    <name>HubCacheDialog</name>
    <message>
        <source>Open from Hugging Face cache</source>
        <translation>Apri dalla cache di Hugging Face</translation>
    </message>
    <message>
        <source>Models already in the local Hugging Face cache %1. Headwave never downloads: fetch a model first (huggingface-cli download ORG/NAME).</source>
        <translation>Modelli già presenti nella cache locale di Hugging Face %1. Headwave non scarica mai nulla: scarica prima un modello (huggingface-cli download ORG/NOME).</translation>
    </message>
    <message>
        <source>(none: set HF_HUB_CACHE or HOME)</source>
        <translation>(nessuna: imposta HF_HUB_CACHE o HOME)</translation>
    </message>
    <message>
        <source>Filter by id, revision or architecture</source>
        <translation>Filtra per id, revisione o architettura</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modello</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revisione</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architettura</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametri</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Spazio su disco</translation>
    </message>
    <message>
        <source>Opens</source>
        <translation>Si apre</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>sconosciuto</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sì</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>no: %1</translation>
    </message>
    <message>
        <source>No model is cached. Download one on a machine with network access (huggingface-cli download ORG/NAME), or open a model folder.</source>
        <translation>Nessun modello nella cache. Scaricane uno su una macchina con accesso alla rete (huggingface-cli download ORG/NOME), o apri una cartella di modello.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Apri</translation>
    </message>
    <message>
        <source>Headwave cannot open this revision: %1.</source>
        <translation>Headwave non può aprire questa revisione: %1.</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>the key "%1" is missing.</source>
        <translation>manca la chiave "%1".</translation>
    </message>
    <message>
        <source>"%1" must be a string.</source>
        <translation>"%1" deve essere una stringa.</translation>
    </message>
    <message>
        <source>"%1" must be a whole number of 0 or more.</source>
        <translation>"%1" deve essere un numero intero pari o superiore a 0.</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>passo %1</translation>
    </message>
    <message>
        <source>"source" must be an object such as {"kind": "checkpoint", "step": 512}.</source>
        <translation>"source" deve essere un oggetto come {"kind": "checkpoint", "step": 512}.</translation>
    </message>
    <message>
        <source>the demo has no checkpoint at step %1 (it has 0, 64, 128, 256 and 512).</source>
        <translation>la demo non ha un checkpoint al passo %1 (ha 0, 64, 128, 256 e 512).</translation>
    </message>
    <message>
        <source>the demo has no twin "%1" (it has %2).</source>
        <translation>la demo non ha il gemello "%1" (ha %2).</translation>
    </message>
    <message>
        <source>"path" of a model source must name a folder.</source>
        <translation>"path" di una sorgente modello deve indicare una cartella.</translation>
    </message>
    <message>
        <source>unknown source kind "%1" (checkpoint, twin, teaching or model).</source>
        <translation>tipo di sorgente sconosciuto "%1" (checkpoint, twin, teaching o model).</translation>
    </message>
    <message>
        <source>a step must be an object.</source>
        <translation>un passo deve essere un oggetto.</translation>
    </message>
    <message>
        <source>"head" must be [layer, head], two whole numbers of 0 or more.</source>
        <translation>"head" deve essere [livello, testa], due numeri interi pari o superiori a 0.</translation>
    </message>
    <message>
        <source>each of "pinned" must be [layer, head].</source>
        <translation>ogni elemento di "pinned" deve essere [livello, testa].</translation>
    </message>
    <message>
        <source>"alpha" must be a number in (0, 1].</source>
        <translation>"alpha" deve essere un numero in (0, 1].</translation>
    </message>
    <message>
        <source>"settings" must be an object of method settings.</source>
        <translation>"settings" deve essere un oggetto di impostazioni del metodo.</translation>
    </message>
    <message>
        <source>"settings": %1</source>
        <translation>"settings": %1</translation>
    </message>
    <message>
        <source>unknown view "%1" (the views are %2).</source>
        <translation>vista sconosciuta "%1" (le viste sono %2).</translation>
    </message>
    <message>
        <source>the emphasised view "%1" is not among the step's views.</source>
        <translation>la vista evidenziata "%1" non è tra le viste del passo.</translation>
    </message>
    <message>
        <source>the demo's RoPE checkpoint at step %1</source>
        <translation>il checkpoint RoPE della demo al passo %1</translation>
    </message>
    <message>
        <source>the demo's %1 twin</source>
        <translation>il gemello %1 della demo</translation>
    </message>
    <message>
        <source>the teaching patterns</source>
        <translation>gli schemi didattici</translation>
    </message>
    <message>
        <source>the model %1</source>
        <translation>il modello %1</translation>
    </message>
    <message>
        <source>This is not a lesson: the JSON is malformed at byte %1 (%2).</source>
        <translation>Questa non è una lezione: il JSON non è valido al byte %1 (%2).</translation>
    </message>
    <message>
        <source>This is not a lesson: the file must hold one JSON object.</source>
        <translation>Questa non è una lezione: il file deve contenere un solo oggetto JSON.</translation>
    </message>
    <message>
        <source>This is not a lesson: "format" must be "headwave-lesson".</source>
        <translation>Questa non è una lezione: "format" deve essere "headwave-lesson".</translation>
    </message>
    <message>
        <source>This lesson has format version %1; this Headwave reads version %2. Update Headwave or save the lesson again as version %2.</source>
        <translation>Questa lezione ha la versione di formato %1; questo Headwave legge la versione %2. Aggiorna Headwave o salva di nuovo la lezione nella versione %2.</translation>
    </message>
    <message>
        <source>"steps" must be a list of one step or more.</source>
        <translation>"steps" deve essere una lista di uno o più passi.</translation>
    </message>
    <message>
        <source>This lesson cannot be read: %1</source>
        <translation>Impossibile leggere questa lezione: %1</translation>
    </message>
    <message>
        <source>Cannot read the lesson %1: %2</source>
        <translation>Impossibile leggere la lezione %1: %2</translation>
    </message>
    <message>
        <source>The lesson %1 is larger than 16 MiB; it is not a lesson.</source>
        <translation>La lezione %1 supera i 16 MiB; non è una lezione.</translation>
    </message>
    <message>
        <source>Step %1 needs %2, but no demo is installed.</source>
        <translation>Il passo %1 richiede %2, ma la demo non è installata.</translation>
    </message>
    <message>
        <source>Step %1 needs %2, which is not here (%3).</source>
        <translation>Il passo %1 richiede %2, che non è qui (%3).</translation>
    </message>
    <message>
        <source>Cannot write the lesson %1: %2</source>
        <translation>Impossibile scrivere la lezione %1: %2</translation>
    </message>
</context>
<context>
    <name>ScalogramPlot</name>
    <message>
        <source>Power |c|²</source>
        <translation>Potenza |c|²</translation>
    </message>
    <message>
        <source>Magnitude |c|</source>
        <translation>Modulo |c|</translation>
    </message>
    <message>
        <source>log₁₀ |c|²</source>
        <translation>log₁₀ |c|²</translation>
    </message>
    <message>
        <source>%1  r ∈ [0, %2]</source>
        <translation>%1  r ∈ [0, %2]</translation>
    </message>
    <message>
        <source>%1  r ∈ [%2, %3]</source>
        <translation>%1  r ∈ [%2, %3]</translation>
    </message>
    <message>
        <source>%1: approx. band %2 of the normalised frequency (1 = Nyquist)</source>
        <translation>%1: banda approssimativa %2 della frequenza normalizzata (1 = Nyquist)</translation>
    </message>
    <message>
        <source>%1, coefficient %2 of %3 (positions %4–%5)
c = %6
%7 = %8
band %9</source>
        <translation>%1, coefficiente %2 di %3 (posizioni %4–%5)
c = %6
%7 = %8
banda %9</translation>
    </message>
    <message>
        <source>r ∈ [0, %1]</source>
        <translation>r ∈ [0, %1]</translation>
    </message>
    <message>
        <source>r ∈ [%1, %2]</source>
        <translation>r ∈ [%1, %2]</translation>
    </message>
</context>
<context>
    <name>headwave</name>
    <message>
        <source>the disk is full (%1 KB free)</source>
        <translation>il disco è pieno (%1 KB liberi)</translation>
    </message>
    <message>
        <source>the write failed</source>
        <translation>la scrittura non è riuscita</translation>
    </message>
    <message>
        <source>Could not write '%1': %2. Choose a folder you can write to, with free space; an existing file of that name was left as it was.</source>
        <translation>Impossibile scrivere '%1': %2. Scegli una cartella scrivibile e con spazio libero; un file esistente con quel nome è stato lasciato intatto.</translation>
    </message>
    <message>
        <source>error minus</source>
        <translation>errore meno</translation>
    </message>
    <message>
        <source>error plus</source>
        <translation>errore più</translation>
    </message>
    <message>
        <source>(error bars)</source>
        <translation>(barre di errore)</translation>
    </message>
    <message>
        <source>A figure must be 10 to 1000 mm wide and high; got %1 x %2 mm.</source>
        <translation>Una figura deve essere larga e alta da 10 a 1000 mm; valori: %1 x %2 mm.</translation>
    </message>
    <message>
        <source>The resolution must be %1 to %2 dpi; got %3.</source>
        <translation>La risoluzione deve essere da %1 a %2 dpi; valore: %3.</translation>
    </message>
    <message>
        <source>The font size must be 4 to 48 points; got %1.</source>
        <translation>La dimensione del carattere deve essere da 4 a 48 punti; valore: %1.</translation>
    </message>
    <message>
        <source>The line width must be 0.1 to 10 points; got %1.</source>
        <translation>Lo spessore delle linee deve essere da 0,1 a 10 punti; valore: %1.</translation>
    </message>
    <message>
        <source>This view has nothing to export yet; analyse a text or open a results file first.</source>
        <translation>Questa vista non ha ancora nulla da esportare; analizza prima un testo o apri un file dei risultati.</translation>
    </message>
    <message>
        <source>Made with Headwave</source>
        <translation>Realizzato con Headwave</translation>
    </message>
    <message>
        <source>This view has no data to export yet; analyse a text or open a results file first.</source>
        <translation>Questa vista non ha ancora dati da esportare; analizza prima un testo o apri un file dei risultati.</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <source>Magma</source>
        <translation>Magma</translation>
    </message>
    <message>
        <source>Cividis</source>
        <translation>Cividis</translation>
    </message>
    <message>
        <source>Diverging (RdBu)</source>
        <translation>Divergente (RdBu)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>S(α), mean ± std</source>
        <translation>S(α), media ± dev. std</translation>
    </message>
    <message>
        <source>Wavelet entropy</source>
        <translation>Entropia wavelet</translation>
    </message>
    <message>
        <source>There are no results to draw; analyse a text or open a results file first.</source>
        <translation>Non ci sono risultati da disegnare; analizza prima un testo o apri un file dei risultati.</translation>
    </message>
    <message>
        <source>Choose at least one figure format (pdf, svg, png or tif).</source>
        <translation>Scegli almeno un formato di figura (pdf, svg, png o tif).</translation>
    </message>
    <message>
        <source>Head %1 is not in this model (%2 layers x %3 heads); heads are numbered from 0.</source>
        <translation>La testa %1 non è in questo modello (%2 livelli x %3 teste); le teste sono numerate da 0.</translation>
    </message>
    <message>
        <source>Local/global ratio of every head (layers x heads), the paper's Fig. 1</source>
        <translation>Rapporto locale/globale di ogni testa (livelli x teste), Fig. 1 dell'articolo</translation>
    </message>
    <message>
        <source>Cell colour (logarithmic, white = 1): local share / (1 - local share), where the local share is the mean attention mass within the local window; &gt; 1 means mostly local. Layers down, heads across.</source>
        <translation>Colore della cella (logaritmico, bianco = 1): quota locale / (1 - quota locale), dove la quota locale è la massa media di attenzione entro la finestra locale; &gt; 1 significa soprattutto locale. Livelli in verticale, teste in orizzontale.</translation>
    </message>
    <message>
        <source>Band shares of the heads of layer %1 (Fig. 2) and across layers (Fig. 3)</source>
        <translation>Quote di banda delle teste del livello %1 (Fig. 2) e lungo i livelli (Fig. 3)</translation>
    </message>
    <message>
        <source>Top: stacked shares of spectral power in the low, mid and high bands of each head of the layer. Bottom: the mean band shares of each layer with +- std (over heads, or over the run's per-head means).</source>
        <translation>In alto: quote impilate della potenza spettrale nelle bande bassa, media e alta di ogni testa del livello. In basso: le quote medie di banda di ogni livello con +- dev. std (sulle teste, o sulle medie per testa dell'analisi).</translation>
    </message>
    <message>
        <source>Positional against spectral entropy, one point per head, with rho</source>
        <translation>Entropia posizionale contro entropia spettrale, un punto per testa, con rho</translation>
    </message>
    <message>
        <source>x: positional entropy of the normalised profile (nats); y: spectral entropy of the normalised power spectrum (nats); colour: layer; rho: Pearson correlation.</source>
        <translation>x: entropia posizionale del profilo normalizzato (nat); y: entropia spettrale dello spettro di potenza normalizzato (nat); colore: livello; rho: correlazione di Pearson.</translation>
    </message>
    <message>
        <source>Positional against spectral entropy, one point per head and sequence</source>
        <translation>Entropia posizionale contro entropia spettrale, un punto per testa e sequenza</translation>
    </message>
    <message>
        <source>As uncertainty_scatter, with a point for every head of every sequence.</source>
        <translation>Come uncertainty_scatter, con un punto per ogni testa di ogni sequenza.</translation>
    </message>
    <message>
        <source>Scale sensitivity per alpha, mean +- std over the heads of each layer</source>
        <translation>Sensibilità di scala per alfa, media +- dev. std sulle teste di ogni livello</translation>
    </message>
    <message>
        <source>S(alpha) compares a head's wavelet decomposition on the sequence with that on the sequence subsampled by alpha and stretched back (docs/method.md); 0 = scale-invariant.</source>
        <translation>S(alpha) confronta la decomposizione wavelet di una testa sulla sequenza con quella sulla sequenza sottocampionata di alfa e riportata alla lunghezza originale (docs/method.md); 0 = invariante di scala.</translation>
    </message>
    <message>
        <source>Wavelet entropy per scale and layer, mean over heads</source>
        <translation>Entropia wavelet per scala e livello, media sulle teste</translation>
    </message>
    <message>
        <source>Entropy (nats) of the normalised squared db2 coefficients at each scale, cA_J (coarsest) to cD_1 (finest), averaged over the heads of each layer.</source>
        <translation>Entropia (nat) dei coefficienti db2 al quadrato normalizzati a ogni scala, da cA_J (la più grossolana) a cD_1 (la più fine), mediata sulle teste di ogni livello.</translation>
    </message>
    <message>
        <source>Power spectra of the pinned heads, overlaid</source>
        <translation>Spettri di potenza delle teste fissate, sovrapposti</translation>
    </message>
    <message>
        <source>Power |X[k]|^2 of the Hann-windowed, zero-padded profile against normalised frequency r (1 = Nyquist); shaded: the low, mid and high bands.</source>
        <translation>Potenza |X[k]|^2 del profilo con finestra di Hann e zeri aggiunti, contro la frequenza normalizzata r (1 = Nyquist); in ombra: le bande bassa, media e alta.</translation>
    </message>
    <message>
        <source>Power spectrum of layer %1, head %2 with its band shares</source>
        <translation>Spettro di potenza del livello %1, testa %2, con le sue quote di banda</translation>
    </message>
    <message>
        <source>As spectra_pinned, for one head; the band shares are written in each band.</source>
        <translation>Come spectra_pinned, per una testa; le quote di banda sono scritte in ogni banda.</translation>
    </message>
    <message>
        <source>DWT scalogram (db2) of layer %1, head %2</source>
        <translation>Scalogramma DWT (db2) del livello %1, testa %2</translation>
    </message>
    <message>
        <source>Top: the normalised profile a(t). Bottom: squared db2 coefficients by scale (rows, each with its approximate band of r) and position.</source>
        <translation>In alto: il profilo normalizzato a(t). In basso: i coefficienti db2 al quadrato per scala (righe, ognuna con la sua banda approssimativa di r) e posizione.</translation>
    </message>
    <message>
        <source>Could not create the folder '%1'. Choose a folder you can write to.</source>
        <translation>Impossibile creare la cartella '%1'. Scegli una cartella in cui puoi scrivere.</translation>
    </message>
    <message>
        <source>'%1' already exists. Choose an empty folder, or allow replacing the figures (--force on the command line).</source>
        <translation>'%1' esiste già. Scegli una cartella vuota, o consenti di sostituire le figure (--force dalla riga di comando).</translation>
    </message>
    <message>
        <source># Figure set

Made by Headwave. Every figure comes in each format with the data behind it (CSV, with units and settings in its header).

</source>
        <translation># Insieme di figure

Realizzato da Headwave. Ogni figura è in ciascun formato con i dati da cui è tratta (CSV, con unità e impostazioni nell'intestazione).

</translation>
    </message>
    <message>
        <source>figure</source>
        <translation>figura</translation>
    </message>
    <message>
        <source>what it shows</source>
        <translation>cosa mostra</translation>
    </message>
    <message>
        <source>files</source>
        <translation>file</translation>
    </message>
    <message>
        <source>The run did not keep the profile of %1, so its spectrum and scalogram cannot be drawn; analyse the corpus again with --keep-heads, or choose among the kept heads (%2).</source>
        <translation>L'analisi non ha conservato il profilo di %1, quindi il suo spettro e il suo scalogramma non si possono disegnare; analizza di nuovo il corpus con --keep-heads, o scegli tra le teste conservate (%2).</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nessuna</translation>
    </message>
    <message>
        <source>Entropy (nats)</source>
        <translation>Entropia (nat)</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scala</translation>
    </message>
</context>
<context>
    <name>headwave::AppState</name>
    <message>
        <source>Opening %1…</source>
        <translation>Apertura di %1…</translation>
    </message>
    <message>
        <source>Opening %1 and analysing the text…</source>
        <translation>Apertura di %1 e analisi del testo…</translation>
    </message>
    <message>
        <source>Analysing the text…</source>
        <translation>Analisi del testo…</translation>
    </message>
    <message>
        <source>Analysing the teaching patterns…</source>
        <translation>Analisi degli schemi didattici…</translation>
    </message>
    <message>
        <source>Running the corpus %1…</source>
        <translation>Analisi del corpus %1…</translation>
    </message>
    <message>
        <source>Computing the attention of head %1…</source>
        <translation>Calcolo dell'attenzione della testa %1…</translation>
    </message>
    <message>
        <source>This corpus run shows per-head means over its sequences; it kept no attention for head %1. Run the corpus keeping it (headwave-cli analyze --keep-heads) or analyse a text to see a head's attention.</source>
        <translation>Questa analisi del corpus mostra le medie per testa sulle sue sequenze; non ha conservato l'attenzione della testa %1. Analizza il corpus conservandola (headwave-cli analyze --keep-heads) o analizza un testo per vedere l'attenzione di una testa.</translation>
    </message>
    <message>
        <source>Running the model on the text rescaled by α = %1…</source>
        <translation>Esecuzione del modello sul testo riscalato di α = %1…</translation>
    </message>
    <message>
        <source>The teaching patterns are made, not computed by a model: there is nothing to run again on a rescaled text.</source>
        <translation>Gli schemi didattici sono costruiti, non calcolati da un modello: non c'è nulla da rieseguire su un testo riscalato.</translation>
    </message>
    <message>
        <source>A corpus run shows its scale sensitivity per alpha in the head grid and the metrics table; analyse a text to rescale one head.</source>
        <translation>Un'analisi del corpus mostra la sensibilità alla scala per alfa nella griglia delle teste e nella tabella delle metriche; analizza un testo per riscalare una testa.</translation>
    </message>
    <message>
        <source>Mapping the heads…</source>
        <translation>Mappatura delle teste…</translation>
    </message>
    <message>
        <source>Analysing the attention in %1…</source>
        <translation>Analisi dell'attenzione in %1…</translation>
    </message>
    <message>
        <source>Rescaling is not available for attention from a file: there is no model to run again on the rescaled text. Open the model and analyse the same text to rescale a head.</source>
        <translation>Il riscalamento non è disponibile per l'attenzione letta da un file: non c'è un modello da eseguire di nuovo sul testo riscalato. Apri il modello e analizza lo stesso testo per riscalare una testa.</translation>
    </message>
</context>
<context>
    <name>headwave::AttentionHeatmapView</name>
    <message>
        <source>Select a head in the head grid.</source>
        <translation>Seleziona una testa nella griglia delle teste.</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Colore logaritmico</translation>
    </message>
    <message>
        <source>Key token</source>
        <translation>Token chiave</translation>
    </message>
    <message>
        <source>Query token</source>
        <translation>Token di query</translation>
    </message>
    <message>
        <source>Attention weight</source>
        <translation>Peso dell'attenzione</translation>
    </message>
    <message>
        <source>Layer %1, head %2 — %3 tokens</source>
        <translation>Livello %1, testa %2 — %3 token</translation>
    </message>
    <message>
        <source>Query %1 “%2” → key %3 “%4”
Weight: %5</source>
        <translation>Query %1 «%2» → chiave %3 «%4»
Peso: %5</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Ripristina lo zoom</translation>
    </message>
</context>
<context>
    <name>headwave::BandPowerView</name>
    <message>
        <source>Head</source>
        <translation>Testa</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>Band power per head — no analysis yet</source>
        <translation>Potenza per banda di ogni testa — ancora nessuna analisi</translation>
    </message>
    <message>
        <source>Layer %1, head %2
low %3 %, mid %4 %, high %5 %</source>
        <translation>Livello %1, testa %2
bassa %3 %, media %4 %, alta %5 %</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>Quota (%)</translation>
    </message>
    <message>
        <source>r &lt; %1</source>
        <translation>r &lt; %1</translation>
    </message>
    <message>
        <source>%1 ≤ r &lt; %2</source>
        <translation>%1 ≤ r &lt; %2</translation>
    </message>
    <message>
        <source>r ≥ %1</source>
        <translation>r ≥ %1</translation>
    </message>
    <message>
        <source>%1 band: %2 (normalised frequency, 1 = Nyquist); share of the head's spectral power, in %</source>
        <translation>Banda %1: %2 (frequenza normalizzata, 1 = Nyquist); quota della potenza spettrale della testa, in %</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Bassa</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Layer %1: band power per head (mean over %2 sequences)</source>
        <translation>Livello %1: potenza per banda di ogni testa (media su %2 sequenze)</translation>
    </message>
    <message>
        <source>Layer %1: band power per head</source>
        <translation>Livello %1: potenza per banda di ogni testa</translation>
    </message>
    <message>
        <source>Band power per layer — no analysis yet</source>
        <translation>Potenza per banda di ogni livello — ancora nessuna analisi</translation>
    </message>
    <message>
        <source>Per layer: mean ± std over the heads' means (%1 sequences)</source>
        <translation>Per livello: media ± dev. std sulle medie delle teste (%1 sequenze)</translation>
    </message>
    <message>
        <source>Per layer: mean ± std over heads</source>
        <translation>Per livello: media ± dev. std sulle teste</translation>
    </message>
</context>
<context>
    <name>headwave::CompareWindow</name>
    <message>
        <source>a text analysed by a model</source>
        <translation>un testo analizzato da un modello</translation>
    </message>
    <message>
        <source>the teaching patterns</source>
        <translation>gli schemi didattici</translation>
    </message>
    <message>
        <source>an attention file</source>
        <translation>un file di attenzione</translation>
    </message>
    <message>
        <source>a corpus run or results file</source>
        <translation>un'analisi del corpus o un file dei risultati</translation>
    </message>
    <message>
        <source>Compare sources — Headwave</source>
        <translation>Confronta sorgenti — Headwave</translation>
    </message>
    <message>
        <source>Add the current analysis</source>
        <translation>Aggiungi l'analisi corrente</translation>
    </message>
    <message>
        <source>Add results or attention files…</source>
        <translation>Aggiungi file dei risultati o di attenzione…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Rimuovi</translation>
    </message>
    <message>
        <source>Sources (the first is A; differences are to A)</source>
        <translation>Sorgenti (la prima è A; le differenze sono rispetto ad A)</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sorgenti</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Add the &amp;current analysis</source>
        <translation>Aggiungi l'analisi &amp;corrente</translation>
    </message>
    <message>
        <source>Add &amp;results or attention files…</source>
        <translation>Aggiungi file dei &amp;risultati o di attenzione…</translation>
    </message>
    <message>
        <source>&amp;Export figure set…</source>
        <translation>&amp;Esporta insieme di figure…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Chiudi</translation>
    </message>
    <message>
        <source>Head %1:%2 of %3</source>
        <translation>Testa %1:%2 di %3</translation>
    </message>
    <message>
        <source>source</source>
        <translation>sorgente</translation>
    </message>
    <message>
        <source>%1: %2, %3 layers × %4 heads</source>
        <translation>%1: %2, %3 livelli × %4 teste</translation>
    </message>
    <message>
        <source>There is no analysis to add yet: analyse a text, open an attention file or a results file in the main window first.</source>
        <translation>Non c'è ancora un'analisi da aggiungere: analizza prima un testo, apri un file di attenzione o un file dei risultati nella finestra principale.</translation>
    </message>
    <message>
        <source>This analysis is already a source of the comparison.</source>
        <translation>Questa analisi è già una sorgente del confronto.</translation>
    </message>
    <message>
        <source>Add results or attention files</source>
        <translation>Aggiungi file dei risultati o di attenzione</translation>
    </message>
    <message>
        <source>Results and attention (*.hwrun *.npy *.npz *.safetensors);;All files (*)</source>
        <translation>Risultati e attenzione (*.hwrun *.npy *.npz *.safetensors);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Add two or more sources: the current analysis of the main window (a model's text, a checkpoint, a positional twin, an attention file) or results files.</source>
        <translation>Aggiungi due o più sorgenti: l'analisi corrente della finestra principale (il testo di un modello, un checkpoint, un gemello posizionale, un file di attenzione) o file dei risultati.</translation>
    </message>
    <message>
        <source>Add one more source to compare with '%1'.</source>
        <translation>Aggiungi un'altra sorgente da confrontare con '%1'.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Confronto in corso…</translation>
    </message>
    <message>
        <source>Export figure set into a folder</source>
        <translation>Esporta insieme di figure in una cartella</translation>
    </message>
    <message>
        <source>Figure set written to %1</source>
        <translation>Insieme di figure scritto in %1</translation>
    </message>
    <message>
        <source>Export figure set</source>
        <translation>Esporta insieme di figure</translation>
    </message>
    <message>
        <source>There is no comparison to export yet; add two or more sources.</source>
        <translation>Non c'è ancora un confronto da esportare; aggiungi due o più sorgenti.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1; choose another one.</source>
        <translation>Impossibile creare la cartella %1; scegline un'altra.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossibile scrivere %1: %2</translation>
    </message>
</context>
<context>
    <name>headwave::ComparisonView</name>
    <message>
        <source>Low band</source>
        <translation>Banda bassa</translation>
    </message>
    <message>
        <source>Mid band</source>
        <translation>Banda media</translation>
    </message>
    <message>
        <source>High band</source>
        <translation>Banda alta</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Testa</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>Band shares per layer (mean over the layer's heads)</source>
        <translation>Quote di banda per livello (media sulle teste del livello)</translation>
    </message>
    <message>
        <source>Positional entropy H_p (nats)</source>
        <translation>Entropia posizionale H_p (nat)</translation>
    </message>
    <message>
        <source>Spectral entropy H_s (nats)</source>
        <translation>Entropia spettrale H_s (nat)</translation>
    </message>
    <message>
        <source>Uncertainty scatter, one point per head</source>
        <translation>Dispersione di incertezza, un punto per testa</translation>
    </message>
    <message>
        <source>Selected head</source>
        <translation>Testa selezionata</translation>
    </message>
    <message>
        <source>Normalised frequency r (1 = Nyquist)</source>
        <translation>Frequenza normalizzata r (1 = Nyquist)</translation>
    </message>
    <message>
        <source>Power |X[k]|²</source>
        <translation>Potenza |X[k]|²</translation>
    </message>
    <message>
        <source>Spectrum of the selected head in each source</source>
        <translation>Spettro della testa selezionata in ogni sorgente</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Colora per</translation>
    </message>
    <message>
        <source>These sources were analysed with different settings, so their numbers are not directly comparable: %1.</source>
        <translation>Queste sorgenti sono state analizzate con impostazioni diverse, quindi i loro numeri non sono direttamente confrontabili: %1.</translation>
    </message>
    <message>
        <source>The sources have different shapes, so heads are matched by relative depth: layer l of the first source (L₁ layers) meets layer round(l (L − 1) / (L₁ − 1)) of a source with L layers, and heads likewise when their counts differ.</source>
        <translation>Le sorgenti hanno forme diverse, quindi le teste sono abbinate per profondità relativa: il livello l della prima sorgente (L₁ livelli) corrisponde al livello round(l (L − 1) / (L₁ − 1)) di una sorgente con L livelli, e le teste allo stesso modo quando il loro numero differisce.</translation>
    </message>
    <message>
        <source>%1 (heads matched by depth)</source>
        <translation>%1 (teste abbinate per profondità)</translation>
    </message>
    <message>
        <source>%1 − %2: %3</source>
        <translation>%1 − %2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Relative depth</source>
        <translation>Profondità relativa</translation>
    </message>
    <message>
        <source>%1, head %2:%3</source>
        <translation>%1, testa %2:%3</translation>
    </message>
    <message>
        <source> (no spectrum kept)</source>
        <translation> (nessuno spettro conservato)</translation>
    </message>
</context>
<context>
    <name>headwave::EngineController</name>
    <message>
        <source>The engine failed unexpectedly; try again, and report it if it repeats.</source>
        <translation>Il motore si è interrotto in modo imprevisto; riprova e segnalalo se si ripete.</translation>
    </message>
    <message>
        <source>Loading the weights…</source>
        <translation>Caricamento dei pesi…</translation>
    </message>
    <message>
        <source>Loading the tokenizer…</source>
        <translation>Caricamento del tokenizzatore…</translation>
    </message>
    <message>
        <source>Tokenising…</source>
        <translation>Tokenizzazione…</translation>
    </message>
    <message>
        <source>Analysing the layers…</source>
        <translation>Analisi dei livelli…</translation>
    </message>
    <message>
        <source>Running the model…</source>
        <translation>Esecuzione del modello…</translation>
    </message>
    <message>
        <source>Computing the spectra and scalograms…</source>
        <translation>Calcolo degli spettri e degli scalogrammi…</translation>
    </message>
    <message>
        <source>Opening the results file…</source>
        <translation>Apertura del file dei risultati…</translation>
    </message>
    <message>
        <source>Saving the results file…</source>
        <translation>Salvataggio del file dei risultati…</translation>
    </message>
    <message>
        <source>There is not enough memory to load this model; close other programs or choose a smaller model.</source>
        <translation>Memoria insufficiente per caricare questo modello; chiudi altri programmi o scegli un modello più piccolo.</translation>
    </message>
    <message>
        <source>Open a model first (File &gt; Open model…).</source>
        <translation>Apri prima un modello (File &gt; Apri modello…).</translation>
    </message>
    <message>
        <source>The text has %1 tokens; only the first %2 (the model's context) were analysed.</source>
        <translation>Il testo ha %1 token; sono stati analizzati solo i primi %2 (il contesto del modello).</translation>
    </message>
    <message>
        <source>There is not enough memory to analyse this text; try a shorter text.</source>
        <translation>Memoria insufficiente per analizzare questo testo; prova un testo più breve.</translation>
    </message>
    <message>
        <source>There is not enough memory for the rescaled run.</source>
        <translation>Memoria insufficiente per l'esecuzione riscalata.</translation>
    </message>
    <message>
        <source>Sequence %1 of %2, about %3 s left</source>
        <translation>Sequenza %1 di %2, circa %3 s rimanenti</translation>
    </message>
    <message>
        <source>Sequence %1 of %2</source>
        <translation>Sequenza %1 di %2</translation>
    </message>
    <message>
        <source>There is not enough memory for this corpus run; use fewer or shorter sequences.</source>
        <translation>Memoria insufficiente per questa analisi del corpus; usa meno sequenze o sequenze più brevi.</translation>
    </message>
    <message>
        <source>There is not enough memory to open this results file.</source>
        <translation>Memoria insufficiente per aprire questo file dei risultati.</translation>
    </message>
    <message>
        <source>There is not enough memory for the teaching patterns.</source>
        <translation>Memoria insufficiente per gli schemi didattici.</translation>
    </message>
    <message>
        <source>Model %1 of %2</source>
        <translation>Modello %1 di %2</translation>
    </message>
    <message>
        <source>There is not enough memory to compare these models.</source>
        <translation>Memoria insufficiente per confrontare questi modelli.</translation>
    </message>
    <message>
        <source>There are no results to save; analyse a text or run a corpus first.</source>
        <translation>Non ci sono risultati da salvare; analizza prima un testo o esegui un corpus.</translation>
    </message>
    <message>
        <source>There is not enough memory to save these results.</source>
        <translation>Non c’è abbastanza memoria per salvare questi risultati.</translation>
    </message>
    <message>
        <source>Running the model on the text rescaled by α = %1…</source>
        <translation>Esecuzione del modello sul testo riscalato di α = %1…</translation>
    </message>
    <message>
        <source>There is not enough memory to show this head's attention.</source>
        <translation>Non c'è abbastanza memoria per mostrare l'attenzione di questa testa.</translation>
    </message>
    <message>
        <source>There is not enough memory for the head map.</source>
        <translation>Non c'è abbastanza memoria per la mappa delle teste.</translation>
    </message>
    <message>
        <source>Mapping the heads…</source>
        <translation>Mappatura delle teste…</translation>
    </message>
    <message>
        <source>There is not enough memory to analyse this attention file.</source>
        <translation>Non c'è abbastanza memoria per analizzare questo file di attenzione.</translation>
    </message>
    <message>
        <source>There is not enough memory to compare these sources.</source>
        <translation>Non c'è abbastanza memoria per confrontare queste sorgenti.</translation>
    </message>
</context>
<context>
    <name>headwave::ExportActions</name>
    <message>
        <source>Export figure…</source>
        <translation>Esporta figura…</translation>
    </message>
    <message>
        <source>Copy figure</source>
        <translation>Copia figura</translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation>Esporta dati…</translation>
    </message>
    <message>
        <source>Figure…</source>
        <translation>Figura…</translation>
    </message>
    <message>
        <source>Data (CSV, JSON)…</source>
        <translation>Dati (CSV, JSON)…</translation>
    </message>
    <message>
        <source>Figure &amp;set…</source>
        <translation>&amp;Insieme di figure…</translation>
    </message>
    <message>
        <source>Selected head's &amp;attention (.npy)…</source>
        <translation>&amp;Attenzione della testa selezionata (.npy)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Esporta</translation>
    </message>
    <message>
        <source>There is nothing to export yet; analyse a text or open a results file first.</source>
        <translation>Non c'è ancora nulla da esportare; analizza prima un testo o apri un file dei risultati.</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Esporta dati</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Export figure set into folder</source>
        <translation>Esporta l'insieme di figure nella cartella</translation>
    </message>
    <message>
        <source>Export figure set</source>
        <translation>Esporta insieme di figure</translation>
    </message>
    <message>
        <source>The folder already holds figures of a set. Replace them?</source>
        <translation>La cartella contiene già le figure di un insieme. Sostituirle?</translation>
    </message>
    <message>
        <source>Writing the figures…</source>
        <translation>Scrittura delle figure…</translation>
    </message>
    <message>
        <source>No head's attention is shown yet; analyse a text and select a head.</source>
        <translation>Non è ancora mostrata l'attenzione di alcuna testa; analizza un testo e seleziona una testa.</translation>
    </message>
    <message>
        <source>Export attention</source>
        <translation>Esporta attenzione</translation>
    </message>
    <message>
        <source>NumPy array (*.npy)</source>
        <translation>Array NumPy (*.npy)</translation>
    </message>
    <message>
        <source>Could not write '%1': %2</source>
        <translation>Impossibile scrivere '%1': %2</translation>
    </message>
</context>
<context>
    <name>headwave::ExportDialog</name>
    <message>
        <source>Export figure</source>
        <translation>Esporta figura</translation>
    </message>
    <message>
        <source>PDF (vector, fonts embedded)</source>
        <translation>PDF (vettoriale, caratteri incorporati)</translation>
    </message>
    <message>
        <source>SVG (vector, text as text)</source>
        <translation>SVG (vettoriale, testo come testo)</translation>
    </message>
    <message>
        <source>PNG (raster)</source>
        <translation>PNG (raster)</translation>
    </message>
    <message>
        <source>TIFF (raster, lossless)</source>
        <translation>TIFF (raster, senza perdita)</translation>
    </message>
    <message>
        <source>One column (85 mm)</source>
        <translation>Una colonna (85 mm)</translation>
    </message>
    <message>
        <source>Two columns (175 mm)</source>
        <translation>Due colonne (175 mm)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizzata</translation>
    </message>
    <message>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <source>inches</source>
        <translation>pollici</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Publication style (black on white, whatever the theme)</source>
        <translation>Stile da pubblicazione (nero su bianco, qualunque sia il tema)</translation>
    </message>
    <message>
        <source>Titles above the plots</source>
        <translation>Titoli sopra i grafici</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <source>Width preset:</source>
        <translation>Larghezza predefinita:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Dimensioni:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Risoluzione:</translation>
    </message>
    <message>
        <source>Font:</source>
        <translation>Carattere:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Dimensione del carattere:</translation>
    </message>
    <message>
        <source>Line width:</source>
        <translation>Spessore delle linee:</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Salva…</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>Copia negli appunti</translation>
    </message>
    <message>
        <source>Preview (what the file will show):</source>
        <translation>Anteprima (ciò che mostrerà il file):</translation>
    </message>
    <message>
        <source>%1 × %2 pixels at %3 dpi</source>
        <translation>%1 × %2 pixel a %3 dpi</translation>
    </message>
    <message>
        <source>Vector: %1 × %2 mm, text stays text</source>
        <translation>Vettoriale: %1 × %2 mm, il testo resta testo</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>File %1 (*.%2)</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copiato negli appunti.</translation>
    </message>
    <message>
        <source>Mark the selected head</source>
        <translation>Evidenzia la testa selezionata</translation>
    </message>
</context>
<context>
    <name>headwave::HeadGridView</name>
    <message>
        <source>Head</source>
        <translation>Testa</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Colora per</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>Layer %1, head %2
%3: %4</source>
        <translation>Livello %1, testa %2
%3: %4</translation>
    </message>
    <message>
        <source>ρ(Hₚ, Hₛ) over sequences</source>
        <translation>ρ(Hₚ, Hₛ) sulle sequenze</translation>
    </message>
    <message>
        <source>Head-map class</source>
        <translation>Classe della mappa delle teste</translation>
    </message>
</context>
<context>
    <name>headwave::HeadMapView</name>
    <message>
        <source>By silhouette</source>
        <translation>Per silhouette</translation>
    </message>
    <message>
        <source>Classes of k-means; by silhouette: the k of 2 to 8 whose classes are best separated</source>
        <translation>Classi del k-means; per silhouette: il k da 2 a 8 le cui classi sono separate meglio</translation>
    </message>
    <message>
        <source>PC1</source>
        <translation>PC1</translation>
    </message>
    <message>
        <source>PC2</source>
        <translation>PC2</translation>
    </message>
    <message>
        <source>Head map</source>
        <translation>Mappa delle teste</translation>
    </message>
    <message>
        <source>Selected head</source>
        <translation>Testa selezionata</translation>
    </message>
    <message>
        <source>Similar heads</source>
        <translation>Teste simili</translation>
    </message>
    <message>
        <source>The heads nearest to the selected one in the standardised features (distance in standard deviations); click one to select it</source>
        <translation>Le teste più vicine a quella selezionata nelle caratteristiche standardizzate (distanza in deviazioni standard); fai clic su una per selezionarla</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Classi:</translation>
    </message>
    <message>
        <source>PC1 (%1 % of the variance)</source>
        <translation>PC1 (%1 % della varianza)</translation>
    </message>
    <message>
        <source>PC2 (%1 % of the variance)</source>
        <translation>PC2 (%1 % della varianza)</translation>
    </message>
    <message>
        <source>%1 heads, k = %2 by silhouette (%3)</source>
        <translation>%1 teste, k = %2 per silhouette (%3)</translation>
    </message>
    <message>
        <source>%1 heads, k = %2 (silhouette %3)</source>
        <translation>%1 teste, k = %2 (silhouette %3)</translation>
    </message>
    <message>
        <source>Class %1 (%2)</source>
        <translation>Classe %1 (%2)</translation>
    </message>
    <message>
        <source>1 head</source>
        <translation>1 testa</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 teste</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mappa</translation>
    </message>
    <message>
        <source>Similar heads: select a head</source>
        <translation>Teste simili: seleziona una testa</translation>
    </message>
    <message>
        <source>Similar to L%1 H%2 (class %3); distance in standard deviations</source>
        <translation>Simili a L%1 H%2 (classe %3); distanza in deviazioni standard</translation>
    </message>
    <message>
        <source>L%1 H%2 · class %3 · %4</source>
        <translation>L%1 H%2 · classe %3 · %4</translation>
    </message>
    <message>
        <source>Layer %1, head %2, class %3</source>
        <translation>Livello %1, testa %2, classe %3</translation>
    </message>
    <message>
        <source>
PC1 = %1, PC2 = %2</source>
        <translation>
PC1 = %1, PC2 = %2</translation>
    </message>
</context>
<context>
    <name>headwave::HeadMetricsModel</name>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>Layer index, from 0</source>
        <translation>Indice del livello, da 0</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Testa</translation>
    </message>
    <message>
        <source>Head index within the layer, from 0</source>
        <translation>Indice della testa nel livello, da 0</translation>
    </message>
    <message>
        <source>ρ (Hₚ, Hₛ)</source>
        <translation>ρ (Hₚ, Hₛ)</translation>
    </message>
    <message>
        <source>Pearson correlation of positional and spectral entropy over the run's sequences</source>
        <translation>Correlazione di Pearson tra entropia posizionale e spettrale sulle sequenze dell'analisi</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>Layer %1, head %2
%3: %4</source>
        <translation>Livello %1, testa %2
%3: %4</translation>
    </message>
</context>
<context>
    <name>headwave::LessonPanel</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ Indietro</translation>
    </message>
    <message>
        <source>The previous step (Page Up)</source>
        <translation>Il passo precedente (Pagina su)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Avanti ▶</translation>
    </message>
    <message>
        <source>The next step (Page Down, Space)</source>
        <translation>Il passo successivo (Pagina giù, Spazio)</translation>
    </message>
    <message>
        <source>Add this state as a step</source>
        <translation>Aggiungi questo stato come passo</translation>
    </message>
    <message>
        <source>The source, text, heads, alpha, settings and views shown now become a new step after this one</source>
        <translation>La sorgente, il testo, le teste, alfa, le impostazioni e le viste mostrate ora diventano un nuovo passo dopo questo</translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation>Modifica testo</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>Prima</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Dopo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Rimuovi</translation>
    </message>
    <message>
        <source>Save lesson…</source>
        <translation>Salva lezione…</translation>
    </message>
    <message>
        <source>Step title</source>
        <translation>Titolo del passo</translation>
    </message>
    <message>
        <source>Explanation (Markdown)</source>
        <translation>Spiegazione (Markdown)</translation>
    </message>
    <message>
        <source>Question for the class (optional)</source>
        <translation>Domanda per la classe (facoltativa)</translation>
    </message>
    <message>
        <source>Untitled lesson</source>
        <translation>Lezione senza titolo</translation>
    </message>
    <message>
        <source>No lesson open. Open one from File &gt; Open lesson…, or record one: set up the views and press "Add this state as a step".</source>
        <translation>Nessuna lezione aperta. Aprine una da File &gt; Apri lezione…, o registrane una: prepara le viste e premi "Aggiungi questo stato come passo".</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Passo %1 di %2</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Passo %1 di %2: %3</translation>
    </message>
    <message>
        <source>Question: %1</source>
        <translation>Domanda: %1</translation>
    </message>
</context>
<context>
    <name>headwave::LogPanel</name>
    <message>
        <source>Time</source>
        <translation>Ora</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Messaggio</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Svuota</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avviso</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Errore</translation>
    </message>
</context>
<context>
    <name>headwave::MainWindow</name>
    <message>
        <source>Headwave</source>
        <translation>Headwave</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modello</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Input</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>Head grid</source>
        <translation>Griglia delle teste</translation>
    </message>
    <message>
        <source>Attention heatmap</source>
        <translation>Mappa dell'attenzione</translation>
    </message>
    <message>
        <source>Spectrum</source>
        <translation>Spettro</translation>
    </message>
    <message>
        <source>Scalogram</source>
        <translation>Scalogramma</translation>
    </message>
    <message>
        <source>Band powers</source>
        <translation>Potenza per banda</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>Incertezza</translation>
    </message>
    <message>
        <source>Metrics table</source>
        <translation>Tabella delle metriche</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Salvato %1.</translation>
    </message>
    <message>
        <source>Type a text to analyse, then press Analyze (Ctrl+Return).</source>
        <translation>Scrivi un testo da analizzare, poi premi Analizza (Ctrl+Invio).</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>Analizza</translation>
    </message>
    <message>
        <source>Analyse every head on this text (Ctrl+Return)</source>
        <translation>Analizza ogni testa su questo testo (Ctrl+Invio)</translation>
    </message>
    <message>
        <source>Corpus run</source>
        <translation>Analisi del corpus</translation>
    </message>
    <message>
        <source>A text file, a .jsonl file or a folder of .txt files</source>
        <translation>Un file di testo, un file .jsonl o una cartella di file .txt</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <source>At most this many sequences are analysed</source>
        <translation>Si analizzano al massimo queste sequenze</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Run corpus</source>
        <translation>Analizza corpus</translation>
    </message>
    <message>
        <source>Analyse the corpus with the current settings (Ctrl+R)</source>
        <translation>Analizza il corpus con le impostazioni attuali (Ctrl+R)</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>Corpus:</translation>
    </message>
    <message>
        <source>Sequences:</source>
        <translation>Sequenze:</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Open results…</source>
        <translation>Apri risultati…</translation>
    </message>
    <message>
        <source>Open a .hwrun results file (Ctrl+O)</source>
        <translation>Apri un file dei risultati .hwrun (Ctrl+O)</translation>
    </message>
    <message>
        <source>Save results…</source>
        <translation>Salva risultati…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation>Ferma l'operazione in corso (Esc)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annullato.</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Pronto.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>Apri &amp;modello…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>Modelli &amp;recenti</translation>
    </message>
    <message>
        <source>&amp;Open results…</source>
        <translation>&amp;Apri risultati…</translation>
    </message>
    <message>
        <source>&amp;Save results…</source>
        <translation>&amp;Salva risultati…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>A&amp;nalisi</translation>
    </message>
    <message>
        <source>&amp;Analyze text</source>
        <translation>&amp;Analizza testo</translation>
    </message>
    <message>
        <source>Choose &amp;corpus…</source>
        <translation>Scegli &amp;corpus…</translation>
    </message>
    <message>
        <source>&amp;Run corpus</source>
        <translation>Analizza c&amp;orpus</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnulla</translation>
    </message>
    <message>
        <source>Restore &amp;default settings</source>
        <translation>Ripristina impostazioni pre&amp;definite</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Visualizza</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>Di &amp;sistema</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Chiaro</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Scuro</translation>
    </message>
    <message>
        <source>&amp;Colour map</source>
        <translation>&amp;Mappa di colori</translation>
    </message>
    <message>
        <source>Ratios and correlations use a diverging map</source>
        <translation>Rapporti e correlazioni usano una mappa divergente</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Lingua</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Lingua di sistema</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Ripristina disposizione</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aiuto</translation>
    </message>
    <message>
        <source>&amp;About Headwave</source>
        <translation>&amp;Informazioni su Headwave</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Informazioni su &amp;Qt</translation>
    </message>
    <message>
        <source>%1 was removed from the recent models: the folder no longer exists.</source>
        <translation>%1 è stato rimosso dai modelli recenti: la cartella non esiste più.</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>Nessun modello recente</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>&amp;Svuota elenco</translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation>Apri una cartella di modello Hugging Face</translation>
    </message>
    <message>
        <source>Choose a corpus</source>
        <translation>Scegli un corpus</translation>
    </message>
    <message>
        <source>Text corpora (*.txt *.jsonl *.ndjson);;All files (*)</source>
        <translation>Corpora di testo (*.txt *.jsonl *.ndjson);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Open results</source>
        <translation>Apri risultati</translation>
    </message>
    <message>
        <source>Headwave results (*.hwrun);;All files (*)</source>
        <translation>Risultati Headwave (*.hwrun);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>There are no run results to save; run a corpus first.</source>
        <translation>Non ci sono risultati da salvare; analizza prima un corpus.</translation>
    </message>
    <message>
        <source>Save results</source>
        <translation>Salva risultati</translation>
    </message>
    <message>
        <source>Headwave results (*.hwrun)</source>
        <translation>Risultati Headwave (*.hwrun)</translation>
    </message>
    <message>
        <source>About Headwave</source>
        <translation>Informazioni su Headwave</translation>
    </message>
    <message>
        <source>The language changes when Headwave is started again.</source>
        <translation>La lingua cambia al prossimo avvio di Headwave.</translation>
    </message>
    <message>
        <source>The model folder %1 does not exist; choose a folder with config.json and the weights (*.safetensors).</source>
        <translation>La cartella del modello %1 non esiste; scegli una cartella con config.json e i pesi (*.safetensors).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Apertura di %1…</translation>
    </message>
    <message>
        <source>Open a model first (File &gt; Open model…).</source>
        <translation>Apri prima un modello (File &gt; Apri modello…).</translation>
    </message>
    <message>
        <source>The text is empty; type at least one word to analyse.</source>
        <translation>Il testo è vuoto; scrivi almeno una parola da analizzare.</translation>
    </message>
    <message>
        <source>Choose a corpus file or folder first (Browse…).</source>
        <translation>Scegli prima un file o una cartella di corpus (Sfoglia…).</translation>
    </message>
    <message>
        <source>The corpus %1 does not exist; choose another file.</source>
        <translation>Il corpus %1 non esiste; scegli un altro file.</translation>
    </message>
    <message>
        <source>The minimum number of tokens is larger than the maximum; correct the token range of the corpus run.</source>
        <translation>Il numero minimo di token è maggiore del massimo; correggi l'intervallo di token dell'analisi del corpus.</translation>
    </message>
    <message>
        <source>Corpus run on %1.</source>
        <translation>Analisi del corpus su %1.</translation>
    </message>
    <message>
        <source>Model %1 loaded.</source>
        <translation>Modello %1 caricato.</translation>
    </message>
    <message>
        <source>%1 — Headwave</source>
        <translation>%1 — Headwave</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>non definito</translation>
    </message>
    <message>
        <source>%1 sequences, %2 layers × %3 heads, wavelet level %4; ρ = %5.</source>
        <translation>%1 sequenze, %2 livelli × %3 teste, livello wavelet %4; ρ = %5.</translation>
    </message>
    <message>
        <source>%1 tokens, %2 layers × %3 heads, wavelet level %4; ρ = %5.</source>
        <translation>%1 token, %2 livelli × %3 teste, livello wavelet %4; ρ = %5.</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Rescaling</source>
        <translation>Riscalatura</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>Esportato %1.</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>Es&amp;porta</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Andamento</translation>
    </message>
    <message numerus="yes">
        <source>Compared %n model(s).</source>
        <translation>
            <numerusform>Confrontato %n modello.</numerusform>
            <numerusform>Confrontati %n modelli.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation>&amp;Che cosa sto guardando?</translation>
    </message>
    <message>
        <source>The demo models are not installed; open a model with File &gt; Open model…</source>
        <translation>I modelli dimostrativi non sono installati; apri un modello con File &gt; Apri modello…</translation>
    </message>
    <message>
        <source>The demo text %1 could not be read.</source>
        <translation>Impossibile leggere il testo dimostrativo %1.</translation>
    </message>
    <message>
        <source>Comparing the RoPE checkpoints on the demo text…</source>
        <translation>Confronto dei checkpoint RoPE sul testo dimostrativo…</translation>
    </message>
    <message>
        <source>Comparing the positional schemes on the demo text…</source>
        <translation>Confronto degli schemi posizionali sul testo dimostrativo…</translation>
    </message>
    <message>
        <source>head %1 = %2</source>
        <translation>testa %1 = %2</translation>
    </message>
    <message>
        <source>Teaching patterns (one layer, 128 tokens t0…t127): %1.</source>
        <translation>Schemi didattici (un livello, 128 token t0…t127): %1.</translation>
    </message>
    <message>
        <source>The analysed text, one box per token. The selected head's attention profile shades each token: darker tokens receive more attention on average.</source>
        <translation>Il testo analizzato, un riquadro per token. Il profilo di attenzione della testa selezionata colora ogni token: i token più scuri ricevono in media più attenzione.</translation>
    </message>
    <message>
        <source>Every head of the model, one cell per head (rows are layers, columns heads), coloured by the chosen metric. Click a cell to select that head in every view.</source>
        <translation>Tutte le teste del modello, una cella per testa (righe: livelli, colonne: teste), colorate secondo la metrica scelta. Fai clic su una cella per selezionare quella testa in ogni vista.</translation>
    </message>
    <message>
        <source>The selected head's attention matrix: row i is what token i attends to, column j is how much token j is attended to. A bright diagonal means local attention, a bright first column an attention sink, stripes a periodic pattern.</source>
        <translation>La matrice di attenzione della testa selezionata: la riga i è ciò a cui presta attenzione il token i, la colonna j quanta attenzione riceve il token j. Una diagonale chiara indica attenzione locale, una prima colonna chiara un attention sink, delle strisce uno schema periodico.</translation>
    </message>
    <message>
        <source>The power spectrum of the selected head's attention profile: frequency r from 0 (slow change across positions) to 1 (change from one token to the next). Power concentrated at low r means smooth, long-range attention; at high r, sharp and local. The shaded bands are the low, mid and high bands of the band shares.</source>
        <translation>Lo spettro di potenza del profilo di attenzione della testa selezionata: frequenza r da 0 (variazione lenta lungo le posizioni) a 1 (variazione da un token al successivo). Potenza concentrata a r bassa indica attenzione liscia e a lungo raggio; a r alta, netta e locale. Le fasce ombreggiate sono le bande bassa, media e alta delle quote di banda.</translation>
    </message>
    <message>
        <source>The wavelet (db2) coefficients of the selected head's profile, coarse scales at the top and fine scales at the bottom, along the positions. It shows where in the sequence each scale is active, which a spectrum cannot.</source>
        <translation>I coefficienti wavelet (db2) del profilo della testa selezionata, scale grossolane in alto e fini in basso, lungo le posizioni. Mostra dove nella sequenza è attiva ciascuna scala, cosa che uno spettro non può mostrare.</translation>
    </message>
    <message>
        <source>The rescaling experiment: the model re-run on the text subsampled by alpha, its profile stretched back to full length and compared with the original. A head whose pattern follows content keeps its shape (low sensitivity); one tied to absolute positions changes (high sensitivity).</source>
        <translation>L'esperimento di riscalatura: il modello rieseguito sul testo sottocampionato di un fattore alfa, il profilo riportato alla lunghezza intera e confrontato con l'originale. Una testa che segue il contenuto mantiene la forma (bassa sensibilità); una legata alle posizioni assolute cambia (alta sensibilità).</translation>
    </message>
    <message>
        <source>How each head divides its spectral power between the low, mid and high bands (top), and the mean and spread of those shares per layer (bottom). Heads that specialise in different bands look like a bank of wavelet filters.</source>
        <translation>Come ogni testa ripartisce la potenza spettrale tra le bande bassa, media e alta (in alto), e media e dispersione di queste quote per livello (in basso). Teste specializzate in bande diverse somigliano a un banco di filtri wavelet.</translation>
    </message>
    <message>
        <source>Each head as a point: positional entropy (how spread the attention is over positions) against spectral entropy (how spread its power is over frequencies). Like the uncertainty principle, a head cannot be narrow in both; rho is their correlation.</source>
        <translation>Ogni testa come un punto: entropia posizionale (quanto l'attenzione è distribuita sulle posizioni) contro entropia spettrale (quanto la potenza è distribuita sulle frequenze). Come nel principio di indeterminazione, una testa non può essere stretta in entrambe; rho è la loro correlazione.</translation>
    </message>
    <message>
        <source>Every metric of every head as numbers. Click a column header to sort, a row to select that head.</source>
        <translation>Tutte le metriche di tutte le teste, in numeri. Fai clic su un'intestazione di colonna per ordinare, su una riga per selezionare quella testa.</translation>
    </message>
    <message>
        <source>Several models analysed on the same text: training checkpoints against the training step, or the positional twins side by side. Panels show the mean (and spread across heads) of spectral entropy, selectivity, band shares and scale sensitivity; a growing spread means the heads separate into bands.</source>
        <translation>Più modelli analizzati sullo stesso testo: i checkpoint di addestramento in funzione del passo, o i gemelli posizionali affiancati. I pannelli mostrano la media (e la dispersione tra le teste) di entropia spettrale, selettività, quote di banda e sensibilità alla scala; una dispersione crescente indica che le teste si separano in bande.</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <source>RoPE &amp;checkpoints</source>
        <translation>&amp;Checkpoint RoPE</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Passo %1</translation>
    </message>
    <message>
        <source>&amp;Positional twins</source>
        <translation>&amp;Gemelli posizionali</translation>
    </message>
    <message>
        <source>No positions (causal mask only)</source>
        <translation>Nessuna posizione (solo maschera causale)</translation>
    </message>
    <message>
        <source>Learned absolute positions</source>
        <translation>Posizioni assolute apprese</translation>
    </message>
    <message>
        <source>Sinusoidal positions</source>
        <translation>Posizioni sinusoidali</translation>
    </message>
    <message>
        <source>ALiBi</source>
        <translation>ALiBi</translation>
    </message>
    <message>
        <source>&amp;Training timeline</source>
        <translation>Andamento dell'&amp;addestramento</translation>
    </message>
    <message>
        <source>How the heads' spectra change over the RoPE model's training</source>
        <translation>Come cambiano gli spettri delle teste durante l'addestramento del modello RoPE</translation>
    </message>
    <message>
        <source>Positional &amp;schemes</source>
        <translation>&amp;Schemi posizionali</translation>
    </message>
    <message>
        <source>The same model trained with each positional scheme, side by side</source>
        <translation>Lo stesso modello addestrato con ciascuno schema posizionale, affiancati</translation>
    </message>
    <message>
        <source>T&amp;eaching patterns</source>
        <translation>Schemi &amp;didattici</translation>
    </message>
    <message>
        <source>Synthetic heads with known structure: local band, attention sink, periodic, blocks and uniform</source>
        <translation>Teste sintetiche di struttura nota: banda locale, attention sink, periodica, a blocchi e uniforme</translation>
    </message>
    <message>
        <source>Save the analysed text or the corpus run as a .hwrun results file (Ctrl+S)</source>
        <translation>Salva il testo analizzato o l’esecuzione sul corpus come file di risultati .hwrun (Ctrl+S)</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Apri %1</translation>
    </message>
    <message>
        <source>A corpus run is in progress; this stops it: %1. Stop the run?</source>
        <translation>È in corso un'analisi del corpus; questa azione la interrompe: %1. Interrompere l'analisi?</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>Interrompi l'analisi</translation>
    </message>
    <message>
        <source>Keep the run</source>
        <translation>Continua l'analisi</translation>
    </message>
    <message>
        <source>Not done, the corpus run goes on: %1.</source>
        <translation>Non eseguito, l'analisi del corpus continua: %1.</translation>
    </message>
    <message>
        <source>The demo's text is in the text box (Ctrl+Z brings yours back).</source>
        <translation>Il testo dimostrativo è nella casella di testo (Ctrl+Z riporta il tuo).</translation>
    </message>
    <message>
        <source>Show the teaching patterns</source>
        <translation>Mostra gli schemi didattici</translation>
    </message>
    <message>
        <source>Use the demo's &amp;text</source>
        <translation>Usa il &amp;testo dimostrativo</translation>
    </message>
    <message>
        <source>Put the demo's text in the text box (Ctrl+Z brings yours back); the checkpoints and twins analyse the text in the box</source>
        <translation>Mette il testo dimostrativo nella casella di testo (Ctrl+Z riporta il tuo); i checkpoint e i gemelli analizzano il testo nella casella</translation>
    </message>
    <message>
        <source>Analyse the text</source>
        <translation>Analizza il testo</translation>
    </message>
    <message>
        <source>Start a new corpus run</source>
        <translation>Avvia una nuova analisi del corpus</translation>
    </message>
    <message>
        <source>Type a text and press Analyze to see every head of %1.</source>
        <translation>Scrivi un testo e premi Analizza per vedere tutte le teste di %1.</translation>
    </message>
    <message>
        <source>Open a model (File &gt; Open model…) or the demo (Demo menu).</source>
        <translation>Apri un modello (File &gt; Apri modello…) o la demo (menu Demo).</translation>
    </message>
    <message>
        <source>Teaching patterns: one layer of %1 synthetic heads (no model). The model %2 stays open for your next analysis.</source>
        <translation>Schemi didattici: un livello di %1 teste sintetiche (nessun modello). Il modello %2 resta aperto per la tua prossima analisi.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(nessuno)</translation>
    </message>
    <message>
        <source>Corpus run of %1: %2 sequences, %3 layers × %4 heads.</source>
        <translation>Analisi del corpus di %1: %2 sequenze, %3 livelli × %4 teste.</translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation>libtorch</translation>
    </message>
    <message>
        <source>%1 (loaded with the first model)</source>
        <translation>%1 (caricata con il primo modello)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Headwave %1&lt;/h3&gt;&lt;p&gt;How transformer attention heads handle position: frequency bands, db2 wavelets and entropies of every head, on your own models and texts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Headwave %1&lt;/h3&gt;&lt;p&gt;Come le teste di attenzione dei transformer trattano la posizione: bande di frequenza, wavelet db2 ed entropie di ogni testa, sui tuoi modelli e testi.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Copyright &amp;copy; 2026 the Headwave developers.&lt;br&gt;Headwave is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version (GPL-3.0-or-later). It comes with NO WARRANTY. The licence is in the file LICENSE of the source and in /usr/share/doc/headwave/copyright of the package.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Copyright &amp;copy; 2026 gli sviluppatori di Headwave.&lt;br&gt;Headwave è software libero: puoi ridistribuirlo e/o modificarlo secondo i termini della GNU General Public License, versione 3 o (a tua scelta) qualsiasi versione successiva (GPL-3.0-or-later). È fornito SENZA ALCUNA GARANZIA. La licenza è nel file LICENSE dei sorgenti e in /usr/share/doc/headwave/copyright del pacchetto.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Running on Qt %1, QCustomPlot %2, %3 and FFTW %4.&lt;/p&gt;</source>
        <translation>&lt;p&gt;In esecuzione con Qt %1, QCustomPlot %2, %3 e FFTW %4.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open from &amp;Hugging Face cache…</source>
        <translation>Apri dalla cache di &amp;Hugging Face…</translation>
    </message>
    <message>
        <source>Head map</source>
        <translation>Mappa delle teste</translation>
    </message>
    <message>
        <source>Every head as a point: the first two principal components of its band shares, entropies, local share and wavelet entropy per scale, standardised over the heads. Colours are k-means classes (k chosen by silhouette unless you choose it). Beside the map, the heads most similar to the selected one; click a point or a row to select that head.</source>
        <translation>Ogni testa come un punto: le prime due componenti principali delle sue quote di banda, entropie, quota locale ed entropia wavelet per scala, standardizzate sulle teste. I colori sono le classi del k-means (k scelto per silhouette, se non lo scegli tu). Accanto alla mappa, le teste più simili a quella selezionata; fai clic su un punto o su una riga per selezionare quella testa.</translation>
    </message>
    <message>
        <source>Open &amp;attention…</source>
        <translation>Apri &amp;attenzione…</translation>
    </message>
    <message>
        <source>Attention exported from any framework: .npy, .npz or .safetensors shaped [layers, heads, T, T] or [heads, T, T], with its tokens from NAME.tokens.json beside it.</source>
        <translation>Attenzione esportata da qualsiasi framework: .npy, .npz o .safetensors di forma [layers, heads, T, T] o [heads, T, T], con i suoi token da NOME.tokens.json accanto.</translation>
    </message>
    <message>
        <source>Open attention &amp;folder…</source>
        <translation>Apri &amp;cartella di attenzione…</translation>
    </message>
    <message>
        <source>A folder of one attention file per layer (layer_0.npy, layer_1.npy, …).</source>
        <translation>Una cartella con un file di attenzione per strato (layer_0.npy, layer_1.npy, …).</translation>
    </message>
    <message>
        <source>Open attention</source>
        <translation>Apri attenzione</translation>
    </message>
    <message>
        <source>Attention (*.npy *.npz *.safetensors);;All files (*)</source>
        <translation>Attenzione (*.npy *.npz *.safetensors);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Open a folder of per-layer attention files</source>
        <translation>Apri una cartella di file di attenzione per strato</translation>
    </message>
    <message>
        <source>Opening the attention in %1…</source>
        <translation>Apertura dell'attenzione in %1…</translation>
    </message>
    <message>
        <source>Attention from %1: %2 layers × %3 heads over %4 tokens (no model; %5).</source>
        <translation>Attenzione da %1: %2 strati × %3 teste su %4 token (nessun modello; %5).</translation>
    </message>
    <message>
        <source>token labels from its sidecar</source>
        <translation>etichette dei token dal file accanto</translation>
    </message>
    <message>
        <source>no token sidecar, so tokens are numbered</source>
        <translation>nessun file dei token accanto, quindi i token sono numerati</translation>
    </message>
    <message>
        <source>The model %1 stays open for your next analysis.</source>
        <translation>Il modello %1 resta aperto per la prossima analisi.</translation>
    </message>
    <message>
        <source>&amp;Compare sources…</source>
        <translation>&amp;Confronta sorgenti…</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lezione</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>Apri &amp;lezione…</translation>
    </message>
    <message>
        <source>Save lesson…</source>
        <translation>Salva lezione…</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>Esporta &amp;dispensa…</translation>
    </message>
    <message>
        <source>A PDF with a page per step: its figure and its explanation</source>
        <translation>Un PDF con una pagina per passo: la sua figura e la sua spiegazione</translation>
    </message>
    <message>
        <source>Next lesson step</source>
        <translation>Passo successivo della lezione</translation>
    </message>
    <message>
        <source>Previous lesson step</source>
        <translation>Passo precedente della lezione</translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>Modalità &amp;presentazione</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Apri lezione</translation>
    </message>
    <message>
        <source>Headwave lessons (*.json)</source>
        <translation>Lezioni di Headwave (*.json)</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>Salva lezione</translation>
    </message>
    <message>
        <source>Saved the lesson to %1.</source>
        <translation>Lezione salvata in %1.</translation>
    </message>
    <message>
        <source>The lesson "%1" needs models that are not on this machine.</source>
        <translation>La lezione "%1" richiede modelli che non sono su questo computer.</translation>
    </message>
    <message>
        <source>Opened the lesson "%1" (%2 steps).</source>
        <translation>Aperta la lezione "%1" (%2 passi).</translation>
    </message>
    <message>
        <source>Step %1 of the lesson needs %2, which is not on this machine (%3).</source>
        <translation>Il passo %1 della lezione richiede %2, che non è su questo computer (%3).</translation>
    </message>
    <message>
        <source>The lesson's step selects head %1:%2, which this analysis does not have.</source>
        <translation>Il passo della lezione seleziona la testa %1:%2, che questa analisi non ha.</translation>
    </message>
    <message>
        <source>The layout before presenter mode could not be restored; View &gt; Reset layout brings the default.</source>
        <translation>Impossibile ripristinare la disposizione precedente alla modalità presentazione; Vista &gt; Ripristina disposizione riporta quella predefinita.</translation>
    </message>
    <message>
        <source>Open a lesson first (File &gt; Open lesson…).</source>
        <translation>Apri prima una lezione (File &gt; Apri lezione…).</translation>
    </message>
    <message>
        <source>Cannot write the handout %1: %2</source>
        <translation>Impossibile scrivere la dispensa %1: %2</translation>
    </message>
    <message>
        <source>Step %1 of the lesson did not finish within 5 minutes; the handout was not written.</source>
        <translation>Il passo %1 della lezione non è terminato entro 5 minuti; la dispensa non è stata scritta.</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Passo %1 di %2</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>Domanda:</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>Esporta dispensa</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote the handout %1.</source>
        <translation>Dispensa scritta in %1.</translation>
    </message>
</context>
<context>
    <name>headwave::MetricsTableView</name>
    <message>
        <source>Copy</source>
        <translation>Copia</translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>Copia le righe selezionate come testo separato da tabulazioni</translation>
    </message>
    <message>
        <source>Copy all rows</source>
        <translation>Copia tutte le righe</translation>
    </message>
</context>
<context>
    <name>headwave::ModelCardPanel</name>
    <message>
        <source>Model:</source>
        <translation>Modello:</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architettura:</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>Livelli:</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>Teste:</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parametri:</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>Pesi:</translation>
    </message>
    <message>
        <source>Positions:</source>
        <translation>Posizioni:</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Contesto:</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizzatore:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Cartella:</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Caricamento di %1…</translation>
    </message>
    <message>
        <source>No model. Open a Hugging Face model folder with File &gt; Open model… or drop a folder on the window.</source>
        <translation>Nessun modello. Apri una cartella di modello Hugging Face con File &gt; Apri modello… o trascina una cartella sulla finestra.</translation>
    </message>
    <message>
        <source>%1 query heads, %2 key/value heads</source>
        <translation>%1 teste di query, %2 teste chiave/valore</translation>
    </message>
    <message>
        <source>%1 query heads, %2 key/value heads (grouped)</source>
        <translation>%1 teste di query, %2 teste chiave/valore (raggruppate)</translation>
    </message>
    <message>
        <source>%1 billion</source>
        <translation>%1 miliardi</translation>
    </message>
    <message>
        <source>%1 million</source>
        <translation>%1 milioni</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 token</translation>
    </message>
</context>
<context>
    <name>headwave::RescalingView</name>
    <message>
        <source>Subsampling factor α: the model is re-run on ⌊αT⌋ tokens</source>
        <translation>Fattore di sottocampionamento α: il modello è rieseguito su ⌊αT⌋ token</translation>
    </message>
    <message>
        <source>Profile a(t)</source>
        <translation>Profilo a(t)</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Originale</translation>
    </message>
    <message>
        <source>Stretched</source>
        <translation>Riportato a T</translation>
    </message>
    <message>
        <source>Position t (token index)</source>
        <translation>Posizione t (indice del token)</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>α = %1  (m = %2 of %3 tokens)</source>
        <translation>α = %1  (m = %2 di %3 token)</translation>
    </message>
    <message>
        <source>α = %1</source>
        <translation>α = %1</translation>
    </message>
    <message>
        <source>Rescaling — select a head and move the slider</source>
        <translation>Riscalatura — seleziona una testa e sposta il cursore</translation>
    </message>
    <message>
        <source>S(α) = %1</source>
        <translation>S(α) = %1</translation>
    </message>
    <message>
        <source>S(α) undefined (a profile without energy)</source>
        <translation>S(α) non definito (un profilo senza energia)</translation>
    </message>
    <message>
        <source>Layer %1, head %2, α = %3 (m = %4 of %5 tokens):
%6 (1 − cos)</source>
        <translation>Livello %1, testa %2, α = %3 (m = %4 di %5 token):
%6 (1 − cos)</translation>
    </message>
</context>
<context>
    <name>headwave::ScalogramView</name>
    <message>
        <source>Profile a(t)</source>
        <translation>Profilo a(t)</translation>
    </message>
    <message>
        <source>Position t (token index)</source>
        <translation>Posizione t (indice del token)</translation>
    </message>
    <message>
        <source>Scale (approx. band of normalised frequency r)</source>
        <translation>Scala (banda approssimativa della frequenza normalizzata r)</translation>
    </message>
    <message>
        <source>DWT scalogram (db2)</source>
        <translation>Scalogramma DWT (db2)</translation>
    </message>
    <message>
        <source>%1 — no analysis yet</source>
        <translation>%1 — ancora nessuna analisi</translation>
    </message>
    <message>
        <source>%1 — select a head</source>
        <translation>%1 — seleziona una testa</translation>
    </message>
    <message>
        <source>%1 — layer %2, head %3: not in this result (a corpus run keeps no coefficients)</source>
        <translation>%1 — livello %2, testa %3: non in questo risultato (un'analisi di corpus non conserva i coefficienti)</translation>
    </message>
    <message>
        <source>%1
layer %2, head %3, J = %4, T = %5</source>
        <translation>%1
livello %2, testa %3, J = %4, T = %5</translation>
    </message>
    <message>
        <source>Scale (cDj: r ∈ [2⁻ʲ, 2¹⁻ʲ])</source>
        <translation>Scala (cDj: r ∈ [2⁻ʲ, 2¹⁻ʲ])</translation>
    </message>
</context>
<context>
    <name>headwave::SettingsPanel</name>
    <message>
        <source>Band edges must satisfy 0 &lt; low edge &lt; high edge &lt; 1 (1 = Nyquist); got %1 and %2.</source>
        <translation>I limiti di banda devono soddisfare 0 &lt; limite basso &lt; limite alto &lt; 1 (1 = Nyquist); valori: %1 e %2.</translation>
    </message>
    <message>
        <source>The wavelet level must be Automatic or between 0 and the maximum for the sequence length; got %1.</source>
        <translation>Il livello wavelet deve essere Automatico o tra 0 e il massimo per la lunghezza della sequenza; valore: %1.</translation>
    </message>
    <message>
        <source>Give at least one window size for the window entropy.</source>
        <translation>Indica almeno una dimensione di finestra per l'entropia a finestre.</translation>
    </message>
    <message>
        <source>Window-entropy window sizes must be between 2 and 1000000 tokens.</source>
        <translation>Le finestre dell'entropia a finestre devono essere tra 2 e 1000000 token.</translation>
    </message>
    <message>
        <source>The local window must be between 0 and 1000000 tokens.</source>
        <translation>La finestra locale deve essere tra 0 e 1000000 token.</translation>
    </message>
    <message>
        <source>Each rescaling factor alpha must be greater than 0 and at most 1.</source>
        <translation>Ogni fattore di riscalatura alfa deve essere maggiore di 0 e al massimo 1.</translation>
    </message>
    <message>
        <source>Mean over queries</source>
        <translation>Media sulle query</translation>
    </message>
    <message>
        <source>Last query row</source>
        <translation>Ultima riga di query</translation>
    </message>
    <message>
        <source>Every row, averaged</source>
        <translation>Ogni riga, poi la media</translation>
    </message>
    <message>
        <source>Which attention the position profile a(t) is built from</source>
        <translation>Da quale attenzione si costruisce il profilo di posizione a(t)</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profilo:</translation>
    </message>
    <message>
        <source>Hann</source>
        <translation>Hann</translation>
    </message>
    <message>
        <source>None (rectangular)</source>
        <translation>Nessuna (rettangolare)</translation>
    </message>
    <message>
        <source>Spectrum window:</source>
        <translation>Finestra dello spettro:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nessuno</translation>
    </message>
    <message>
        <source>To 2× length</source>
        <translation>A 2× la lunghezza</translation>
    </message>
    <message>
        <source>To 4× length</source>
        <translation>A 4× la lunghezza</translation>
    </message>
    <message>
        <source>Zero padding before the FFT (next power of two)</source>
        <translation>Zeri aggiunti prima della FFT (potenza di due successiva)</translation>
    </message>
    <message>
        <source>Zero padding:</source>
        <translation>Riempimento con zeri:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Low band: r below this edge (normalised frequency, 1 = Nyquist)</source>
        <translation>Banda bassa: r sotto questo limite (frequenza normalizzata, 1 = Nyquist)</translation>
    </message>
    <message>
        <source>High band: r at or above this edge</source>
        <translation>Banda alta: r pari o superiore a questo limite</translation>
    </message>
    <message>
        <source>Mid band:</source>
        <translation>Banda media:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatico</translation>
    </message>
    <message>
        <source>db2 decomposition depth J; Automatic = the maximum for the shortest sequence</source>
        <translation>Profondità J della decomposizione db2; Automatico = il massimo per la sequenza più corta</translation>
    </message>
    <message>
        <source>Wavelet level:</source>
        <translation>Livello wavelet:</translation>
    </message>
    <message>
        <source>Power |c|²</source>
        <translation>Potenza |c|²</translation>
    </message>
    <message>
        <source>Magnitude |c|</source>
        <translation>Modulo |c|</translation>
    </message>
    <message>
        <source>Log power</source>
        <translation>Potenza logaritmica</translation>
    </message>
    <message>
        <source>Scalogram value:</source>
        <translation>Valore dello scalogramma:</translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation>Normalizzata</translation>
    </message>
    <message>
        <source>Raw (−Σ c² log c²)</source>
        <translation>Grezza (−Σ c² log c²)</translation>
    </message>
    <message>
        <source>Wavelet entropy:</source>
        <translation>Entropia wavelet:</translation>
    </message>
    <message>
        <source>Window sizes in tokens, separated by commas</source>
        <translation>Dimensioni delle finestre in token, separate da virgole</translation>
    </message>
    <message>
        <source>Entropy windows:</source>
        <translation>Finestre di entropia:</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> token</translation>
    </message>
    <message>
        <source>|i − j| up to this distance counts as local attention</source>
        <translation>|i − j| fino a questa distanza conta come attenzione locale</translation>
    </message>
    <message>
        <source>Local window:</source>
        <translation>Finestra locale:</translation>
    </message>
    <message>
        <source>Rescaling factors in (0, 1] for the scale sensitivity of corpus runs, separated by commas</source>
        <translation>Fattori di riscalatura in (0, 1] per la sensibilità di scala delle analisi di corpus, separati da virgole</translation>
    </message>
    <message>
        <source>Alphas:</source>
        <translation>Alfa:</translation>
    </message>
    <message>
        <source>Strided</source>
        <translation>A passo costante</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefisso</translation>
    </message>
    <message>
        <source>Subsampling:</source>
        <translation>Sottocampionamento:</translation>
    </message>
    <message>
        <source>Per head, then averaged</source>
        <translation>Per testa, poi la media</translation>
    </message>
    <message>
        <source>Pooled</source>
        <translation>Aggregato</translation>
    </message>
    <message>
        <source>ρ over a corpus:</source>
        <translation>ρ su un corpus:</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Ripristina predefiniti</translation>
    </message>
    <message>
        <source>Changes apply to the next analysis or corpus run.</source>
        <translation>Le modifiche valgono dalla prossima analisi di testo o di corpus.</translation>
    </message>
    <message>
        <source>Entropy windows: type whole numbers of tokens separated by commas, e.g. 16, 32, 64.</source>
        <translation>Finestre di entropia: scrivi numeri interi di token separati da virgole, ad es. 16, 32, 64.</translation>
    </message>
    <message>
        <source>Alphas: type numbers in (0, 1] separated by commas, e.g. 0.5, 0.25.</source>
        <translation>Alfa: scrivi numeri in (0, 1] separati da virgole, ad es. 0.5, 0.25.</translation>
    </message>
</context>
<context>
    <name>headwave::SpectrumView</name>
    <message>
        <source>Layer %1, head %2</source>
        <translation>Livello %1, testa %2</translation>
    </message>
    <message>
        <source>Logarithmic power</source>
        <translation>Potenza logaritmica</translation>
    </message>
    <message>
        <source>Pin head</source>
        <translation>Fissa testa</translation>
    </message>
    <message>
        <source>Keep this head's spectrum drawn while other heads are selected</source>
        <translation>Mantieni lo spettro di questa testa mentre se ne selezionano altre</translation>
    </message>
    <message>
        <source>Clear pins</source>
        <translation>Rimuovi fissate</translation>
    </message>
    <message>
        <source>Normalised frequency r (1 = Nyquist)</source>
        <translation>Frequenza normalizzata r (1 = Nyquist)</translation>
    </message>
    <message>
        <source>Power |X[k]|²</source>
        <translation>Potenza |X[k]|²</translation>
    </message>
    <message>
        <source>Unpin head</source>
        <translation>Sblocca testa</translation>
    </message>
    <message>
        <source>Power spectrum — no analysis yet</source>
        <translation>Spettro di potenza — ancora nessuna analisi</translation>
    </message>
    <message>
        <source>Power spectrum — select a head</source>
        <translation>Spettro di potenza — seleziona una testa</translation>
    </message>
    <message>
        <source>Power spectrum — %1: not in this result (a corpus run keeps no spectra)</source>
        <translation>Spettro di potenza — %1: non in questo risultato (un'analisi di corpus non conserva gli spettri)</translation>
    </message>
    <message>
        <source>Power spectrum — %1</source>
        <translation>Spettro di potenza — %1</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Bassa</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>%1
%2 %</source>
        <translation>%1
%2 %</translation>
    </message>
    <message>
        <source>%1 (selected)</source>
        <translation>%1 (selezionata)</translation>
    </message>
</context>
<context>
    <name>headwave::TimelineView</name>
    <message>
        <source>Band share (%)</source>
        <translation>Quota di banda (%)</translation>
    </message>
    <message>
        <source>Low band</source>
        <translation>Banda bassa</translation>
    </message>
    <message>
        <source>Mid band</source>
        <translation>Banda media</translation>
    </message>
    <message>
        <source>High band</source>
        <translation>Banda alta</translation>
    </message>
    <message>
        <source>α = %1</source>
        <translation>α = %1</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Passo di addestramento</translation>
    </message>
    <message>
        <source>Positional scheme</source>
        <translation>Schema posizionale</translation>
    </message>
    <message>
        <source>No models compared yet: Demo &gt; Training timeline</source>
        <translation>Nessun modello confrontato: Demo &gt; Andamento dell'addestramento</translation>
    </message>
    <message>
        <source>Training timeline: heads over %1 checkpoints</source>
        <translation>Andamento dell'addestramento: teste su %1 checkpoint</translation>
    </message>
    <message>
        <source>Positional schemes: %1 models</source>
        <translation>Schemi posizionali: %1 modelli</translation>
    </message>
</context>
<context>
    <name>headwave::TokenStrip</name>
    <message>
        <source>Tint by the head's profile a(t)</source>
        <translation>Colora con il profilo a(t) della testa</translation>
    </message>
    <message>
        <source>Colour each token by the attention it receives from the selected head</source>
        <translation>Colora ogni token con l'attenzione che riceve dalla testa selezionata</translation>
    </message>
    <message>
        <source>Token %1 (id %2)
“%3”</source>
        <translation>Token %1 (id %2)
«%3»</translation>
    </message>
    <message>
        <source> (special)</source>
        <translation> (speciale)</translation>
    </message>
    <message>
        <source>
a(t) = %1 (layer %2, head %3)</source>
        <translation>
a(t) = %1 (livello %2, testa %3)</translation>
    </message>
    <message>
        <source>A corpus run: no single token sequence</source>
        <translation>Un'analisi di corpus: nessuna singola sequenza di token</translation>
    </message>
    <message>
        <source>No tokens</source>
        <translation>Nessun token</translation>
    </message>
    <message>
        <source>%1 tokens, tinted by layer %2, head %3</source>
        <translation>%1 token, colorati secondo livello %2, testa %3</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 token</translation>
    </message>
</context>
<context>
    <name>headwave::UncertaintyScatterView</name>
    <message>
        <source> (fewer than 2 sequences)</source>
        <translation> (meno di 2 sequenze)</translation>
    </message>
    <message>
        <source> (an entropy does not vary)</source>
        <translation> (un'entropia non varia)</translation>
    </message>
    <message>
        <source>Per sequence</source>
        <translation>Per sequenza</translation>
    </message>
    <message>
        <source>One point per head and sequence of the corpus run</source>
        <translation>Un punto per testa e sequenza dell'analisi del corpus</translation>
    </message>
    <message>
        <source>Positional entropy Hₚ (nats)</source>
        <translation>Entropia posizionale Hₚ (nat)</translation>
    </message>
    <message>
        <source>Spectral entropy Hₛ (nats)</source>
        <translation>Entropia spettrale Hₛ (nat)</translation>
    </message>
    <message>
        <source>Position–spectrum trade-off</source>
        <translation>Compromesso posizione–spettro</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Livello</translation>
    </message>
    <message>
        <source>No analysis yet</source>
        <translation>Ancora nessuna analisi</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Livello %1</translation>
    </message>
    <message>
        <source>ρ = %1</source>
        <translation>ρ = %1</translation>
    </message>
    <message>
        <source>ρ undefined</source>
        <translation>ρ non definito</translation>
    </message>
    <message>
        <source>model mean over layers, %1 sequences</source>
        <translation>media del modello sui livelli, %1 sequenze</translation>
    </message>
    <message>
        <source>over the %1 heads of this sequence</source>
        <translation>sulle %1 teste di questa sequenza</translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation>%1  (%2)</translation>
    </message>
    <message>
        <source>Layer %1, head %2, sequence %3</source>
        <translation>Livello %1, testa %2, sequenza %3</translation>
    </message>
    <message>
        <source>Layer %1, head %2</source>
        <translation>Livello %1, testa %2</translation>
    </message>
    <message>
        <source>
Hₚ = %1 nats, Hₛ = %2 nats</source>
        <translation>
Hₚ = %1 nat, Hₛ = %2 nat</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>How transformer attention heads handle position.</source>
        <translation>Come le teste di attenzione dei transformer trattano la posizione.</translation>
    </message>
    <message>
        <source>Open the model folder DIR.</source>
        <translation>Apre la cartella del modello DIR.</translation>
    </message>
    <message>
        <source>Use the language CODE (en, it; default: the system's).</source>
        <translation>Usa la lingua CODE (en, it; predefinita: quella di sistema).</translation>
    </message>
    <message>
        <source>Print the time to a usable window (and, with the demo, to its analysis on screen) and quit.</source>
        <translation>Stampa il tempo fino a una finestra utilizzabile (e, con la demo, fino alla sua analisi sullo schermo) ed esce.</translation>
    </message>
    <message>
        <source>A model folder, a .hwrun results file, or attention to open (.npy, .npz, .safetensors, or a folder of per-layer files).</source>
        <translation>Una cartella di modello, un file di risultati .hwrun o attenzione da aprire (.npy, .npz, .safetensors o una cartella di file per strato).</translation>
    </message>
    <message>
        <source>Open the lesson FILE at its first step (docs/lessons.md).</source>
        <translation>Apre la lezione FILE al primo passo (docs/lessons.md).</translation>
    </message>
    <message>
        <source>With --lesson: write the lesson's handout (a PDF, a page per step) to FILE and quit.</source>
        <translation>Con --lesson: scrive la dispensa della lezione (un PDF, una pagina per passo) in FILE ed esce.</translation>
    </message>
</context>
<context>
    <name>metric</name>
    <message>
        <source>fraction</source>
        <translation>frazione</translation>
    </message>
    <message>
        <source>share of spectral power below the low band edge</source>
        <translation>quota della potenza spettrale sotto il limite della banda bassa</translation>
    </message>
    <message>
        <source>Low-band share</source>
        <translation>Quota della banda bassa</translation>
    </message>
    <message>
        <source>share of spectral power between the band edges</source>
        <translation>quota della potenza spettrale tra i limiti delle bande</translation>
    </message>
    <message>
        <source>Mid-band share</source>
        <translation>Quota della banda media</translation>
    </message>
    <message>
        <source>share of spectral power at or above the high band edge</source>
        <translation>quota della potenza spettrale pari o superiore al limite della banda alta</translation>
    </message>
    <message>
        <source>High-band share</source>
        <translation>Quota della banda alta</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>rapporto</translation>
    </message>
    <message>
        <source>max P / (sum P - max P), DC included</source>
        <translation>max P / (somma P - max P), componente continua inclusa</translation>
    </message>
    <message>
        <source>Selectivity</source>
        <translation>Selettività</translation>
    </message>
    <message>
        <source>nats</source>
        <translation>nat</translation>
    </message>
    <message>
        <source>entropy of the normalised power spectrum</source>
        <translation>entropia dello spettro di potenza normalizzato</translation>
    </message>
    <message>
        <source>Spectral entropy</source>
        <translation>Entropia spettrale</translation>
    </message>
    <message>
        <source>entropy of the normalised {profile} profile</source>
        <translation>entropia del profilo {profile} normalizzato</translation>
    </message>
    <message>
        <source>Positional entropy</source>
        <translation>Entropia posizionale</translation>
    </message>
    <message>
        <source>mean over queries of the attention within |i - j| &lt;= {local_window} tokens</source>
        <translation>media sulle query dell'attenzione entro |i - j| &lt;= {local_window} token</translation>
    </message>
    <message>
        <source>Local share</source>
        <translation>Quota locale</translation>
    </message>
    <message>
        <source>local_share / (1 - local_share)</source>
        <translation>local_share / (1 - local_share)</translation>
    </message>
    <message>
        <source>Local/global ratio</source>
        <translation>Rapporto locale/globale</translation>
    </message>
    <message>
        <source>relative L2</source>
        <translation>L2 relativo</translation>
    </message>
    <message>
        <source>db2 round-trip error in float32</source>
        <translation>errore di andata e ritorno db2 in float32</translation>
    </message>
    <message>
        <source>Recon. error f32</source>
        <translation>Errore di ricostr. f32</translation>
    </message>
    <message>
        <source>rel. L2</source>
        <translation>L2 rel.</translation>
    </message>
    <message>
        <source>db2 round-trip error in float64</source>
        <translation>errore di andata e ritorno db2 in float64</translation>
    </message>
    <message>
        <source>Recon. error f64</source>
        <translation>Errore di ricostr. f64</translation>
    </message>
    <message>
        <source>{wavelet_entropy} of {array}</source>
        <translation>{wavelet_entropy} di {array}</translation>
    </message>
    <message>
        <source>Wavelet entropy</source>
        <translation>Entropia wavelet</translation>
    </message>
    <message>
        <source>fraction of ln w</source>
        <translation>frazione di ln w</translation>
    </message>
    <message>
        <source>mean normalised entropy of {w}-token windows (NaN when T &lt; w)</source>
        <translation>entropia normalizzata media delle finestre di {w} token (NaN se T &lt; w)</translation>
    </message>
    <message>
        <source>Window entropy</source>
        <translation>Entropia a finestre</translation>
    </message>
    <message>
        <source>1 - cosine</source>
        <translation>1 - coseno</translation>
    </message>
    <message>
        <source>coefficient change when the sequence is rescaled by alpha = {alpha} (NaN when not computed)</source>
        <translation>variazione dei coefficienti quando la sequenza è riscalata di alpha = {alpha} (NaN se non calcolata)</translation>
    </message>
    <message>
        <source>Scale sensitivity</source>
        <translation>Sensibilità di scala</translation>
    </message>
    <message>
        <source>1 − cos</source>
        <translation>1 − cos</translation>
    </message>
    <message>
        <source>{label} {array}</source>
        <translation>{label} {array}</translation>
    </message>
    <message>
        <source>{label}, scale 0</source>
        <translation>{label}, scala 0</translation>
    </message>
    <message>
        <source>{label} w = {w}</source>
        <translation>{label} w = {w}</translation>
    </message>
    <message>
        <source>{label}, first window</source>
        <translation>{label}, prima finestra</translation>
    </message>
    <message>
        <source>{label} α = {alpha}</source>
        <translation>{label} α = {alpha}</translation>
    </message>
    <message>
        <source>{label}, first α</source>
        <translation>{label}, primo α</translation>
    </message>
    <message>
        <source>raw -sum c^2 log c^2</source>
        <translation>-somma c^2 log c^2 grezza</translation>
    </message>
    <message>
        <source>entropy of normalised squared coefficients</source>
        <translation>entropia dei coefficienti al quadrato normalizzati</translation>
    </message>
</context>
</TS>