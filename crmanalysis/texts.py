"""Explanations shown in the analysis notebooks and reports, in English, Dutch, German and Danish.

Notebooks call ``md(t("nb.<key>", client.lang))`` so the report reader gets them in the report
language. Keep each text short: it is read by a client, not by an analyst.
"""

from __future__ import annotations

NOTEBOOK_TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- 01 baseline
    "nb.baseline.intro": {
        "en": "## Baseline\n\nBefore anyone sets a target, we measure where the team stands: the **baseline**. For each "
              "KPI we take the last complete months before the report month (the unfinished month never counts) and "
              "report the **median** month — a typical month that one exceptional deal cannot distort — with the "
              "usual range and the trend. Starting KPIs: **new revenue** per month per team and rep, **new leads** "
              "per month (marketing and sales leads) and **sales conversations** per week.",
        "nl": "## Nulmeting\n\nVoordat er doelen worden gesteld, meten we waar het team nu staat: de **nulmeting**. Per "
              "KPI nemen we de laatste volledige maanden vóór de rapportmaand (de lopende maand telt nooit mee) en "
              "tonen we de **mediaan** — een gewone maand die één uitzonderlijke deal niet vertekent — met de normale "
              "bandbreedte en de trend. Start-KPI's: **nieuwe omzet** per maand per team en verkoper, **nieuwe "
              "leads** per maand (marketing- en salesleads) en **verkoopgesprekken** per week.",
        "de": "## Ausgangsbasis\n\nBevor Ziele gesetzt werden, messen wir, wo das Team steht: die **Ausgangsbasis**. Je "
              "KPI nehmen wir die letzten vollständigen Monate vor dem Berichtsmonat (der laufende Monat zählt nie) "
              "und zeigen den **Median** — einen typischen Monat, den ein einzelner großer Abschluss nicht verzerrt — "
              "mit üblicher Spanne und Trend. Start-KPIs: **neuer Umsatz** pro Monat je Team und Verkäufer, **neue "
              "Leads** pro Monat (Marketing- und Vertriebsleads) und **Verkaufsgespräche** pro Woche.",
        "da": "## Udgangspunkt\n\nFør der sættes mål, måler vi, hvor teamet står: **udgangspunktet**. For hver KPI "
              "bruger vi de seneste hele måneder før rapportmåneden (den igangværende måned tæller aldrig med) og "
              "viser **medianen** — en typisk måned, som én usædvanlig handel ikke forvrænger — med det normale "
              "interval og trenden. Start-KPI'er: **ny omsætning** pr. måned pr. team og sælger, **nye leads** pr. "
              "måned (marketing- og salgsleads) og **salgssamtaler** pr. uge."},
    "nb.baseline.table": {
        "en": "### The baseline table\n\n*Baseline* is the median of the complete periods; *from–to* the middle half "
              "of the periods. Entities with too little history are flagged instead of given a number that looks "
              "more certain than it is.",
        "nl": "### De nulmeting in cijfers\n\n*Nulmeting* is de mediaan van de volledige perioden; *van–tot* de middelste "
              "helft van de perioden. Wie te weinig historie heeft, krijgt een opmerking in plaats van een getal dat "
              "zekerder lijkt dan het is.",
        "de": "### Die Ausgangsbasis in Zahlen\n\n*Basis* ist der Median der vollständigen Perioden; *von–bis* die "
              "mittlere Hälfte der Perioden. Wer zu wenig Historie hat, erhält einen Hinweis statt einer Zahl, die "
              "sicherer aussieht, als sie ist.",
        "da": "### Udgangspunktet i tal\n\n*Udgangspunkt* er medianen af de hele perioder; *fra–til* den midterste "
              "halvdel af perioderne. Hvem der har for lidt historik, får en bemærkning i stedet for et tal, der ser "
              "mere sikkert ud, end det er."},
    "nb.baseline.charts": {
        "en": "### How the baseline months looked\n\nEach chart shows the KPI per period for the whole company, the "
              "baseline (dashed) and the usual range (shaded). Months outside the band are unusual, not necessarily "
              "a trend.",
        "nl": "### Hoe de maanden eruitzagen\n\nElke grafiek toont de KPI per periode voor het hele bedrijf, de "
              "nulmeting (gestreept) en de normale bandbreedte (gearceerd). Maanden buiten de band zijn uitzonderlijk, "
              "niet per se een trend.",
        "de": "### Wie die Monate aussahen\n\nJedes Diagramm zeigt den KPI je Periode für das ganze Unternehmen, die "
              "Basis (gestrichelt) und die übliche Spanne (schattiert). Monate außerhalb des Bandes sind "
              "ungewöhnlich, nicht unbedingt ein Trend.",
        "da": "### Sådan så månederne ud\n\nHver graf viser KPI'en pr. periode for hele virksomheden, udgangspunktet "
              "(stiplet) og det normale interval (skraveret). Måneder uden for båndet er usædvanlige, ikke "
              "nødvendigvis en trend."},
    "nb.baseline.season": {
        "en": "### Seasonality and trend\n\nWith two years of data we also show the same month last year: a target for "
              "a month that is always quiet should not be set from busy months.",
        "nl": "### Seizoen en trend\n\nMet twee jaar data tonen we ook dezelfde maand vorig jaar: een doel voor een "
              "maand die altijd rustig is, hoort niet op drukke maanden gebaseerd te zijn.",
        "de": "### Saison und Trend\n\nMit zwei Jahren Daten zeigen wir auch denselben Monat im Vorjahr: Ein Ziel für "
              "einen stets ruhigen Monat sollte nicht aus starken Monaten abgeleitet werden.",
        "da": "### Sæson og trend\n\nMed to års data viser vi også samme måned sidste år: et mål for en måned, der "
              "altid er stille, bør ikke sættes ud fra travle måneder."},
    # ---------------------------------------------------------------- 02 targets
    "nb.targets.intro": {
        "en": "## Targets, scores and scorecards\n\nA target is the baseline moved **slightly** in the right direction "
              "(5 % by default): a target that is too low can be raised next month, one that is too high demotivates. "
              "**Score = actual / target** (lower-is-better KPIs: target / actual): red below 80 %, amber up to "
              "100 %, green from 100 %.",
        "nl": "## Doelen, scores en scorekaarten\n\nEen doel is de nulmeting een **klein beetje** in de goede richting "
              "(standaard 5 %): een te laag doel kun je volgende maand verhogen, een te hoog doel demotiveert. "
              "**Score = werkelijk / doel** (bij lager-is-beter: doel / werkelijk): rood onder 80 %, oranje tot "
              "100 %, groen vanaf 100 %.",
        "de": "## Ziele, Zielerreichung und Scorecards\n\nEin Ziel ist die Ausgangsbasis, **leicht** in die richtige "
              "Richtung verschoben (standardmäßig 5 %): Ein zu niedriges Ziel lässt sich nächsten Monat anheben, ein "
              "zu hohes demotiviert. **Zielerreichung = Ist / Ziel** (bei niedriger-ist-besser: Ziel / Ist): rot "
              "unter 80 %, gelb bis 100 %, grün ab 100 %.",
        "da": "## Mål, score og scorecards\n\nEt mål er udgangspunktet flyttet **lidt** i den rigtige retning (som "
              "standard 5 %): et for lavt mål kan hæves næste måned, et for højt demotiverer. **Score = faktisk / "
              "mål** (lavere-er-bedre: mål / faktisk): rød under 80 %, gul op til 100 %, grøn fra 100 %."},
    "nb.targets.table": {
        "en": "### Targets from the baseline\n\nCounts are rounded to whole numbers, money to three significant "
              "digits, ratios to a percentage point. Reps without enough history get no target yet.",
        "nl": "### Doelen op basis van de nulmeting\n\nAantallen worden afgerond op hele getallen, bedragen op drie "
              "significante cijfers, verhoudingen op een procentpunt. Wie te weinig historie heeft, krijgt nog geen "
              "doel.",
        "de": "### Ziele aus der Ausgangsbasis\n\nAnzahlen werden auf ganze Zahlen gerundet, Beträge auf drei "
              "signifikante Stellen, Quoten auf einen Prozentpunkt. Wer zu wenig Historie hat, erhält noch kein Ziel.",
        "da": "### Mål ud fra udgangspunktet\n\nAntal afrundes til hele tal, beløb til tre betydende cifre, andele til "
              "et procentpoint. Sælgere med for lidt historik får endnu ikke et mål."},
    "nb.targets.stepup": {
        "en": "### Step by step towards a goal\n\nTargets rise a little each month until the goal is reached; they "
              "are never lowered along the way.",
        "nl": "### Stap voor stap naar het einddoel\n\nDoelen stijgen elke maand een beetje tot het einddoel is "
              "bereikt; onderweg worden ze nooit verlaagd.",
        "de": "### Schritt für Schritt zum Ziel\n\nZiele steigen jeden Monat ein wenig, bis das Endziel erreicht ist; "
              "unterwegs werden sie nie gesenkt.",
        "da": "### Skridt for skridt mod målet\n\nMålene stiger lidt hver måned, indtil slutmålet er nået; undervejs "
              "sænkes de aldrig."},
    "nb.targets.profiles": {
        "en": "### KPI profiles\n\nEach role sees only a few KPIs: 3–5 for a rep, at most 4 on a sales dashboard and "
              "10 for management.",
        "nl": "### KPI-profielen\n\nElke rol ziet maar een paar KPI's: 3–5 voor een verkoper, hooguit 4 op een "
              "salesdashboard en 10 voor het management.",
        "de": "### KPI-Profile\n\nJede Rolle sieht nur wenige KPIs: 3–5 für einen Verkäufer, höchstens 4 auf einem "
              "Vertriebsdashboard und 10 für das Management.",
        "da": "### KPI-profiler\n\nHver rolle ser kun få KPI'er: 3–5 for en sælger, højst 4 på et salgsdashboard og "
              "10 for ledelsen."},
    "nb.targets.scores": {
        "en": "### Scores for the report month\n\nEach rep's score per KPI (100 = on target). Insight KPIs such as "
              "the win rate explain *why*; they are shown but not used to rank people.",
        "nl": "### Scores van de rapportmaand\n\nDe score per verkoper per KPI (100 = op doel). Inzicht-KPI's zoals de "
              "winratio verklaren het *waarom*; ze worden getoond maar niet gebruikt om mensen te rangschikken.",
        "de": "### Zielerreichung im Berichtsmonat\n\nDie Zielerreichung je Verkäufer und KPI (100 = im Ziel). "
              "Einsichts-KPIs wie die Gewinnquote erklären das *Warum*; sie werden gezeigt, aber nicht zum Ranking "
              "von Personen verwendet.",
        "da": "### Score for rapportmåneden\n\nHver sælgers score pr. KPI (100 = på mål). Indsigts-KPI'er som "
              "vinderraten forklarer *hvorfor*; de vises, men bruges ikke til at rangordne personer."},
    "nb.targets.cards": {
        "en": "### My KPIs\n\nEach rep's card: month to date, target, and where the month will end at the current "
              "pace (revenue: booked plus the weighted pipeline closing this month).",
        "nl": "### Mijn KPI's\n\nDe kaart per verkoper: tot nu toe deze maand, doel, en waar de maand eindigt in het "
              "huidige tempo (omzet: geboekt plus de gewogen pijplijn die deze maand sluit).",
        "de": "### Meine KPIs\n\nDie Karte je Verkäufer: Monat bis heute, Ziel und wo der Monat im aktuellen Tempo "
              "endet (Umsatz: gebucht plus gewichtete Pipeline, die diesen Monat schließt).",
        "da": "### Mine KPI'er\n\nKortet pr. sælger: måned til dato, mål, og hvor måneden ender i det nuværende tempo "
              "(omsætning: bogført plus den vægtede pipeline, der lukker denne måned)."},
    "nb.targets.scorecard": {
        "en": "### Scorecard by segment\n\nThe same KPIs side by side per region, industry, product group and team, "
              "against the same months last year.",
        "nl": "### Scorekaart per segment\n\nDezelfde KPI's naast elkaar per regio, branche, productgroep en team, "
              "vergeleken met dezelfde maanden vorig jaar.",
        "de": "### Scorecard nach Segment\n\nDieselben KPIs nebeneinander je Region, Branche, Produktgruppe und Team, "
              "verglichen mit denselben Monaten des Vorjahres.",
        "da": "### Scorecard pr. segment\n\nDe samme KPI'er side om side pr. region, branche, produktgruppe og team, "
              "sammenlignet med de samme måneder sidste år."},
    "nb.targets.drill": {
        "en": "### Where does a shortfall come from?\n\nOverall results can look fine while one segment falls behind. "
              "Level by level we name the segment that contributes most to the shortfall, compared with what it "
              "would have delivered had it moved like the whole business, and its share of the gap.",
        "nl": "### Waar zit de achterstand?\n\nHet totaal kan er goed uitzien terwijl één segment achterblijft. Niveau "
              "voor niveau noemen we het segment dat het meest bijdraagt aan de achterstand — vergeleken met wat het "
              "had opgeleverd als het zich als het hele bedrijf had ontwikkeld — en zijn aandeel in het gat.",
        "de": "### Woher kommt die Lücke?\n\nDas Gesamtergebnis kann gut aussehen, während ein Segment zurückfällt. "
              "Ebene für Ebene nennen wir das Segment, das am meisten zur Lücke beiträgt — verglichen mit dem, was es "
              "bei einer Entwicklung wie das ganze Unternehmen geliefert hätte — und seinen Anteil an der Lücke.",
        "da": "### Hvor kommer underskuddet fra?\n\nTotalen kan se fin ud, mens ét segment halter. Niveau for niveau "
              "nævner vi det segment, der bidrager mest til underskuddet — sammenlignet med hvad det ville have leveret, "
              "hvis det havde udviklet sig som hele virksomheden — og dets andel af hullet."},
    # ---------------------------------------------------------------- 03 activity
    "nb.activity.intro": {
        "en": "## Activity versus progress\n\n*Do not confuse activity with progress.* We put each rep's **activity** "
              "(sales conversations, meetings) next to their **results** (deals won, revenue, win rate), and ask the "
              "same of the service team: does handling more cases cost customer satisfaction?",
        "nl": "## Activiteit versus voortgang\n\n*Verwar activiteit niet met vooruitgang.* We zetten de **activiteit** "
              "van elke verkoper (verkoopgesprekken, afspraken) naast de **resultaten** (gewonnen deals, omzet, "
              "winratio), en stellen het serviceteam dezelfde vraag: kost meer cases afhandelen klanttevredenheid?",
        "de": "## Aktivität versus Fortschritt\n\n*Verwechseln Sie Aktivität nicht mit Fortschritt.* Wir stellen die "
              "**Aktivität** jedes Verkäufers (Verkaufsgespräche, Termine) neben die **Ergebnisse** (gewonnene "
              "Abschlüsse, Umsatz, Gewinnquote) und fragen das Serviceteam dasselbe: Kosten mehr bearbeitete Fälle "
              "Kundenzufriedenheit?",
        "da": "## Aktivitet versus fremdrift\n\n*Forveksl ikke aktivitet med fremskridt.* Vi stiller hver sælgers "
              "**aktivitet** (salgssamtaler, møder) ved siden af **resultaterne** (vundne handler, omsætning, "
              "vinderrate) og stiller serviceteamet samme spørgsmål: koster flere sager kundetilfredshed?"},
    "nb.activity.efficiency": {
        "en": "### Efficiency per rep\n\nResult per unit of activity: revenue per conversation, conversations per won "
              "deal, meetings per new opportunity. *Small sample* marks reps whose ratios can swing by chance.",
        "nl": "### Efficiëntie per verkoper\n\nResultaat per eenheid activiteit: omzet per gesprek, gesprekken per "
              "gewonnen deal, afspraken per nieuwe opportunity. *Kleine steekproef* markeert verkopers bij wie de "
              "verhoudingen door toeval kunnen schommelen.",
        "de": "### Effizienz je Verkäufer\n\nErgebnis je Einheit Aktivität: Umsatz pro Gespräch, Gespräche pro "
              "Abschluss, Termine pro neuer Verkaufschance. *Kleine Stichprobe* markiert Verkäufer, deren Quoten "
              "zufällig schwanken können.",
        "da": "### Effektivitet pr. sælger\n\nResultat pr. enhed aktivitet: omsætning pr. samtale, samtaler pr. vundet "
              "handel, møder pr. ny salgsmulighed. *Lille stikprøve* markerer sælgere, hvis tal kan svinge tilfældigt."},
    "nb.activity.quadrants": {
        "en": "### Busy or productive? The four quadrants\n\nConversations (activity) against win rate (result), split "
              "at the team medians: **performer**, **busy without progress** (look at *how* they sell), "
              "**efficient**, **low activity**. *Stability* is the share of months in the same quadrant.",
        "nl": "### Druk of productief? De vier kwadranten\n\nGesprekken (activiteit) tegen winratio (resultaat), "
              "gesplitst op de mediaan van het team: **presteerder**, **druk zonder voortgang** (kijk naar *hoe* er "
              "verkocht wordt), **efficiënt**, **weinig activiteit**. *Stabiliteit* is het aandeel maanden in "
              "hetzelfde kwadrant.",
        "de": "### Beschäftigt oder produktiv? Die vier Quadranten\n\nGespräche (Aktivität) gegen Gewinnquote "
              "(Ergebnis), geteilt an den Team-Medianen: **Leistungsträger**, **beschäftigt ohne Fortschritt** "
              "(schauen Sie, *wie* verkauft wird), **effizient**, **wenig Aktivität**. *Stabilität* ist der Anteil "
              "der Monate im selben Quadranten.",
        "da": "### Travl eller produktiv? De fire kvadranter\n\nSamtaler (aktivitet) mod vinderrate (resultat), delt "
              "ved teamets medianer: **præsterer**, **travl uden fremdrift** (se på *hvordan* der sælges), "
              "**effektiv**, **lav aktivitet**. *Stabilitet* er andelen af måneder i samme kvadrant."},
    "nb.activity.lags": {
        "en": "### Does activity lead to results later?\n\nConversations in a month against revenue in the same and "
              "the next 1–3 months (within each rep). An interval that crosses zero means *no clear relation*.",
        "nl": "### Leidt activiteit later tot resultaat?\n\nGesprekken in een maand tegen omzet in dezelfde en de 1–3 "
              "maanden erna (per verkoper). Een interval dat nul kruist betekent *geen duidelijk verband*.",
        "de": "### Führt Aktivität später zu Ergebnissen?\n\nGespräche in einem Monat gegen Umsatz im selben und in "
              "den 1–3 Folgemonaten (je Verkäufer). Ein Intervall, das null einschließt, heißt *kein klarer "
              "Zusammenhang*.",
        "da": "### Fører aktivitet til resultater senere?\n\nSamtaler i en måned mod omsætning i samme og de næste 1–3 "
              "måneder (pr. sælger). Et interval, der krydser nul, betyder *ingen klar sammenhæng*."},
    "nb.activity.service": {
        "en": "### The service team: volume versus satisfaction\n\nA target on cases handled can quietly erode customer "
              "satisfaction. An agent with top-quarter volume and a CSAT clearly below the others is flagged.",
        "nl": "### Het serviceteam: volume versus tevredenheid\n\nEen doel op het aantal afgehandelde cases kan de "
              "klanttevredenheid ongemerkt aantasten. Een medewerker met volume in het hoogste kwart en een CSAT "
              "duidelijk onder de anderen wordt gemarkeerd.",
        "de": "### Das Serviceteam: Menge versus Zufriedenheit\n\nEin Ziel auf bearbeitete Fälle kann die "
              "Kundenzufriedenheit unbemerkt senken. Ein Agent mit Menge im obersten Viertel und einer CSAT deutlich "
              "unter den anderen wird markiert.",
        "da": "### Serviceteamet: volumen versus tilfredshed\n\nEt mål for antal sager kan stille og roligt udhule "
              "kundetilfredsheden. En medarbejder med volumen i den øverste fjerdedel og en CSAT klart under de andre "
              "markeres."},
    # ---------------------------------------------------------------- 04 roi
    "nb.roi.intro": {
        "en": "## The return on the CRM investment\n\n**ROI = (gain − cost) / cost × 100 %**: a gain of 75,000 on a cost "
              "of 12,000 is 525 %; 11,000 on 1,000 is 1,000 %. The gain is not simply after minus before: we project "
              "what would have happened **without** the CRM from the months before go-live (the counterfactual) and "
              "count only the difference, with an uncertainty range. The **attribution share** says how much of it "
              "we credit to the CRM rather than to other initiatives running at the same time.",
        "nl": "## Het rendement van de CRM-investering\n\n**ROI = (opbrengst − kosten) / kosten × 100 %**: een opbrengst "
              "van 75.000 bij 12.000 kosten is 525 %; 11.000 bij 1.000 is 1.000 %. De opbrengst is niet simpelweg "
              "na min voor: we voorspellen uit de maanden vóór de livegang wat er **zonder** CRM was gebeurd en tellen "
              "alleen het verschil, met een onzekerheidsmarge. Het **toerekeningsaandeel** bepaalt welk deel we aan "
              "het CRM toeschrijven en niet aan andere initiatieven in dezelfde periode.",
        "de": "## Die Rendite der CRM-Investition\n\n**ROI = (Gewinn − Kosten) / Kosten × 100 %**: 75.000 Gewinn bei "
              "12.000 Kosten sind 525 %; 11.000 bei 1.000 sind 1.000 %. Der Gewinn ist nicht einfach nachher minus "
              "vorher: Wir schätzen aus den Monaten vor dem Go-live, was **ohne** CRM passiert wäre, und zählen nur "
              "die Differenz, mit Unsicherheitsbereich. Der **Zurechnungsanteil** legt fest, wie viel davon wir dem "
              "CRM und nicht gleichzeitig laufenden anderen Initiativen zuschreiben.",
        "da": "## Afkastet af CRM-investeringen\n\n**ROI = (gevinst − omkostning) / omkostning × 100 %**: en gevinst på "
              "75.000 ved 12.000 i omkostning er 525 %; 11.000 ved 1.000 er 1.000 %. Gevinsten er ikke blot efter "
              "minus før: vi fremskriver ud fra månederne før go-live, hvad der var sket **uden** CRM, og tæller kun "
              "forskellen, med et usikkerhedsinterval. **Tilskrivningsandelen** angiver, hvor meget vi krediterer "
              "CRM frem for andre initiativer i samme periode."},
    "nb.roi.before_after": {
        "en": "### Before and after go-live\n\nThe plain comparison for the KPIs the CRM should move, with a 95 % "
              "interval of each change. Descriptive: it shows what changed, not why.",
        "nl": "### Voor en na de livegang\n\nDe eenvoudige vergelijking voor de KPI's die het CRM zou moeten bewegen, "
              "met een 95 %-interval per verandering. Beschrijvend: het laat zien wat veranderde, niet waarom.",
        "de": "### Vor und nach dem Go-live\n\nDer einfache Vergleich für die KPIs, die das CRM bewegen soll, mit einem "
              "95-%-Intervall je Veränderung. Beschreibend: Er zeigt, was sich änderte, nicht warum.",
        "da": "### Før og efter go-live\n\nDen enkle sammenligning for de KPI'er, CRM bør flytte, med et 95 %-interval "
              "for hver ændring. Beskrivende: den viser, hvad der ændrede sig, ikke hvorfor."},
    "nb.roi.counterfactual": {
        "en": "### The counterfactual: what without the CRM?\n\nThe dashed line is what the months before go-live "
              "predict for the months after it: the number of deals that entered the pipeline, times what the team used "
              "to earn per such deal. The band is its 90 % interval; it widens when that yield was "
              "already drifting before go-live. The gain is the distance between the actual line and the dashed line.",
        "nl": "### Het alternatief: wat zonder CRM?\n\nDe gestreepte lijn is wat de maanden vóór de livegang voorspellen "
              "voor de maanden erna: het aantal deals dat de pijplijn in kwam, maal wat het team gewoonlijk "
              "per zo'n deal verdiende. De band is het 90 %-interval; die wordt breder als dat rendement vóór de "
              "livegang al verschoof. De opbrengst is de afstand tussen de werkelijke en de gestreepte lijn.",
        "de": "### Die Gegenprobe: Was wäre ohne CRM?\n\nDie gestrichelte Linie ist, was die Monate vor dem Go-live für "
              "die Monate danach vorhersagen: die Zahl der neuen Deals in der Pipeline mal dem, was das Team bisher "
              "je solchem Deal verdiente. Das Band ist ihr 90-%-Intervall; es wird breiter, wenn sich diese Ausbeute "
              "schon vor dem Go-live verschob. Der Gewinn ist der Abstand zwischen der tatsächlichen und "
              "der gestrichelten Linie.",
        "da": "### Det kontrafaktiske scenarie: hvad uden CRM?\n\nDen stiplede linje er det, månederne før go-live "
              "forudsiger for månederne efter: antallet af handler, der kom ind i pipelinen, gange det, teamet "
              "plejede at tjene pr. sådan handel. Båndet er dens 90 %-interval; det bliver bredere, når udbyttet "
              "allerede flyttede sig før go-live. Gevinsten er afstanden mellem den faktiske og den stiplede linje."},
    "nb.roi.placebo": {
        "en": "### Placebo check\n\nThe same model is run as if the CRM had gone live at earlier months, when it had "
              "not. The gains it finds there are chance. A measured gain that such placebo gains match is not "
              "demonstrable. Gains are standardised (gain divided by its uncertainty) so that placebos with "
              "shorter horizons compare fairly.",
        "nl": "### Placebotoets\n\nHetzelfde model wordt gedraaid alsof het CRM op eerdere maanden live was gegaan, "
              "toen dat niet zo was. De opbrengsten die het daar vindt, zijn toeval. Een gemeten opbrengst die zulke "
              "placebo-opbrengsten evenaren, is niet aantoonbaar. Opbrengsten zijn gestandaardiseerd (opbrengst "
              "gedeeld door haar onzekerheid), zodat placebo's met een kortere periode eerlijk vergelijken.",
        "de": "### Placebo-Prüfung\n\nDasselbe Modell wird gerechnet, als wäre das CRM in früheren Monaten live "
              "gegangen, als es das nicht war. Die Gewinne, die es dort findet, sind Zufall. Ein gemessener Gewinn, "
              "den solche Placebo-Gewinne erreichen, ist nicht nachweisbar. Gewinne sind standardisiert (Gewinn "
              "geteilt durch seine Unsicherheit), damit Placebos mit kürzerem Zeitraum fair vergleichbar sind.",
        "da": "### Placebotjek\n\nSamme model køres, som om CRM var gået live i tidligere måneder, hvor det ikke "
              "var. De gevinster, det finder der, er tilfældige. En målt gevinst, som sådanne placebogevinster "
              "når op på, er ikke påviselig. Gevinster er standardiserede (gevinst divideret med dens usikkerhed), "
              "så placebos med kortere periode kan sammenlignes fair."},
    "nb.roi.verdict": {
        "en": "### The verdict\n\nIf the interval of the gain includes zero, the data **do not show** a gain, and no "
              "ROI is printed as if they did. Nor when placebo go-lives find gains as large, or when the months before "
              "go-live are too few or already moving to tell the CRM from the growth under way.",
        "nl": "### Het oordeel\n\nAls het interval van de opbrengst nul bevat, **tonen** de data geen opbrengst, en "
              "drukken we geen ROI af alsof dat wel zo is. Evenmin als placebo-livegangen even grote opbrengsten "
              "vinden, of als de maanden vóór de livegang te weinig zijn of al bewogen om het CRM te scheiden van "
              "groei die al gaande was.",
        "de": "### Das Urteil\n\nSchließt das Intervall des Gewinns null ein, **zeigen** die Daten keinen Gewinn, und "
              "wir drucken keinen ROI, als ob sie es täten. Ebenso wenig, wenn Placebo-Go-lives ebenso große Gewinne "
              "finden oder die Monate vor dem Go-live zu wenige sind oder sich schon bewegten, um das CRM vom "
              "laufenden Wachstum zu trennen.",
        "da": "### Konklusionen\n\nHvis gevinstens interval indeholder nul, **viser** data ingen gevinst, og vi "
              "udskriver ikke et ROI, som om de gjorde. Heller ikke, når placebo-go-lives finder lige så store "
              "gevinster, eller når månederne før go-live er for få eller allerede bevægede sig til at skille CRM "
              "fra vækst, der var i gang."},
    "nb.roi.break_even": {
        "en": "### Cumulative ROI and break-even\n\nCosts come first, gains later. **Break-even** is the month in "
              "which the cumulative gain equals the cumulative cost — an ROI of **0 %**, not 100 %: \"ROI 100 %\" "
              "means the gain is twice the cost. The **payback period** counts the months from go-live to "
              "break-even.",
        "nl": "### Cumulatieve ROI en break-even\n\nEerst komen de kosten, later de opbrengst. **Break-even** is de "
              "maand waarin de cumulatieve opbrengst gelijk is aan de cumulatieve kosten — een ROI van **0 %**, niet "
              "100 %: \"ROI 100 %\" betekent dat de opbrengst twee keer de kosten is. De **terugverdientijd** telt "
              "de maanden van livegang tot break-even.",
        "de": "### Kumulierter ROI und Break-even\n\nErst kommen die Kosten, später der Gewinn. **Break-even** ist der "
              "Monat, in dem der kumulierte Gewinn die kumulierten Kosten erreicht — ein ROI von **0 %**, nicht "
              "100 %: „ROI 100 %“ heißt, der Gewinn ist doppelt so hoch wie die Kosten. Die **Amortisationszeit** "
              "zählt die Monate vom Go-live bis zum Break-even.",
        "da": "### Kumuleret ROI og break-even\n\nFørst kommer omkostningerne, senere gevinsten. **Break-even** er den "
              "måned, hvor den kumulerede gevinst når de kumulerede omkostninger — et ROI på **0 %**, ikke 100 %: "
              "\"ROI 100 %\" betyder, at gevinsten er det dobbelte af omkostningen. **Tilbagebetalingstiden** tæller "
              "månederne fra go-live til break-even."},
    "nb.roi.sensitivity": {
        "en": "### Sensitivity\n\nThe ROI if costs were 20 % higher or lower, and if only part of the gain is "
              "credited to the CRM.",
        "nl": "### Gevoeligheid\n\nDe ROI als de kosten 20 % hoger of lager waren, en als maar een deel van de "
              "opbrengst aan het CRM wordt toegerekend.",
        "de": "### Sensitivität\n\nDer ROI bei 20 % höheren oder niedrigeren Kosten und wenn nur ein Teil des Gewinns "
              "dem CRM zugerechnet wird.",
        "da": "### Følsomhed\n\nROI, hvis omkostningerne var 20 % højere eller lavere, og hvis kun en del af gevinsten "
              "tilskrives CRM."},
}

# table headers used in the notebooks: English header -> (nl, de, da)
HEADERS: dict[str, tuple[str, str, str]] = {
    "12 months after": ("12 maanden na", "12 Monate danach", "12 måneder efter"),
    "12 months before": ("12 maanden voor", "12 Monate davor", "12 måneder før"),
    "CSAT": ("CSAT", "CSAT", "CSAT"),
    "KPI": ("KPI", "KPI", "KPI"),
    "actual": ("werkelijk", "Ist", "faktisk"),
    "agent": ("medewerker", "Agent", "medarbejder"),
    "baseline": ("nulmeting", "Basis", "udgangspunkt"),
    "cases closed": ("afgehandelde cases", "geschlossene Fälle", "lukkede sager"),
    "change": ("verandering", "Veränderung", "ændring"),
    "change %": ("verandering %", "Veränderung %", "ændring %"),
    "conversations": ("gesprekken", "Gespräche", "samtaler"),
    "conversations per won deal": ("gesprekken per gewonnen deal", "Gespräche pro Abschluss",
                                   "samtaler pr. vundet handel"),
    "deals won": ("gewonnen deals", "gewonnene Abschlüsse", "vundne handler"),
    "flag": ("signaal", "Hinweis", "markering"),
    "forecast month end": ("verwachting maandeinde", "Prognose Monatsende", "prognose månedsslut"),
    "from": ("van", "von", "fra"),
    "interval from": ("interval van", "Intervall von", "interval fra"),
    "go-live": ("livegang", "Go-live", "go-live"),
    "standardised gain": ("gestandaardiseerde opbrengst", "standardisierter Gewinn", "standardiseret gevinst"),
    "real": ("echt", "echt", "rigtig"),
    "level": ("niveau", "Ebene", "niveau"),
    "month": ("maand", "Monat", "måned"),
    "month to date": ("maand tot nu", "Monat bis heute", "måned til dato"),
    "note": ("opmerking", "Hinweis", "bemærkning"),
    "per": ("per", "pro", "pr."),
    "periods": ("perioden", "Perioden", "perioder"),
    "quadrant": ("kwadrant", "Quadrant", "kvadrant"),
    "reading": ("lezing", "Einordnung", "tolkning"),
    "rep": ("verkoper", "Verkäufer", "sælger"),
    "revenue per conversation": ("omzet per gesprek", "Umsatz pro Gespräch", "omsætning pr. samtale"),
    "revenue won": ("gewonnen omzet", "gewonnener Umsatz", "vundet omsætning"),
    "same month last year": ("zelfde maand vorig jaar", "gleicher Monat Vorjahr", "samme måned sidste år"),
    "same months last year": ("zelfde maanden vorig jaar", "gleiche Monate Vorjahr", "samme måneder sidste år"),
    "same-day closure": ("zelfde dag opgelost", "am selben Tag gelöst", "løst samme dag"),
    "segment": ("segment", "Segment", "segment"),
    "stability": ("stabiliteit", "Stabilität", "stabilitet"),
    "status": ("status", "Status", "status"),
    "target": ("doel", "Ziel", "mål"),
    "target (new revenue)": ("doel (nieuwe omzet)", "Ziel (neuer Umsatz)", "mål (ny omsætning)"),
    "team": ("team", "Team", "team"),
    "to": ("tot", "bis", "til"),
    "trend per period": ("trend per periode", "Trend pro Periode", "trend pr. periode"),
    "who": ("wie", "wer", "hvem"),
    "win rate": ("winratio", "Gewinnquote", "vinderrate"),
}


def header(text: str, lang: str) -> str:
    """A table header in *lang* (the English text when there is no translation)."""
    if lang == "en" or text not in HEADERS:
        return text
    return HEADERS[text][("nl", "de", "da").index(lang)] if lang in ("nl", "de", "da") else text

# sentences with placeholders (formatted by i18n.t) and chart titles
NOTEBOOK_TEXT.update({
    "s.header": {"en": "**{name}** · report month **{month}** · data up to {asof} · currency {cur}",
                 "nl": "**{name}** · rapportmaand **{month}** · data tot en met {asof} · valuta {cur}",
                 "de": "**{name}** · Berichtsmonat **{month}** · Daten bis {asof} · Währung {cur}",
                 "da": "**{name}** · rapportmåned **{month}** · data til og med {asof} · valuta {cur}"},
    "s.flagged": {"en": "{n} entities have too little history for a baseline.",
                  "nl": "{n} teams of verkopers hebben te weinig historie voor een nulmeting.",
                  "de": "{n} Teams oder Verkäufer haben zu wenig Historie für eine Ausgangsbasis.",
                  "da": "{n} teams eller sælgere har for lidt historik til et udgangspunkt."},
    "s.flagged_none": {"en": "Every team and rep has enough history for a baseline.",
                       "nl": "Elk team en elke verkoper heeft genoeg historie voor een nulmeting.",
                       "de": "Alle Teams und Verkäufer haben genug Historie für eine Ausgangsbasis.",
                       "da": "Alle teams og sælgere har nok historik til et udgangspunkt."},
    "s.profiles_ok": {"en": "All profiles are within the recommended size.",
                      "nl": "Alle profielen hebben een aanbevolen omvang.",
                      "de": "Alle Profile haben eine empfohlene Größe.",
                      "da": "Alle profiler har en anbefalet størrelse."},
    "sec.baseline": {"en": "Baseline", "nl": "Nulmeting", "de": "Ausgangsbasis", "da": "Udgangspunkt"},
    "sec.trends": {"en": "Trend charts", "nl": "Trendgrafieken", "de": "Trenddiagramme", "da": "Trenddiagrammer"},
    "sec.season": {"en": "Seasonality and trend", "nl": "Seizoen en trend", "de": "Saison und Trend", "da": "Sæson og trend"},
    "sec.targets": {"en": "Targets", "nl": "Doelen", "de": "Ziele", "da": "Mål"},
    "sec.stepup": {"en": "Step-up plan", "nl": "Stappenplan", "de": "Stufenplan", "da": "Trinplan"},
    "sec.scores": {"en": "Scores per rep", "nl": "Scores per verkoper", "de": "Zielerreichung je Vertriebler", "da": "Score pr. sælger"},
    "sec.cards": {"en": "My KPIs cards", "nl": "Mijn KPI's-kaarten", "de": "Meine-KPIs-Karten", "da": "Mine KPI'er-kort"},
    "sec.scorecard": {"en": "Scorecard", "nl": "Scorekaart", "de": "Scorecard", "da": "Scorecard"},
    "sec.drill": {"en": "Drill-down", "nl": "Inzoomen", "de": "Drill-down", "da": "Drill-down"},
    "sec.efficiency": {"en": "Efficiency", "nl": "Efficiëntie", "de": "Effizienz", "da": "Effektivitet"},
    "sec.quadrants": {"en": "Quadrants", "nl": "Kwadranten", "de": "Quadranten", "da": "Kvadranter"},
    "sec.lags": {"en": "Lagged correlation", "nl": "Vertraagde samenhang", "de": "Verzögerte Korrelation", "da": "Forsinket korrelation"},
    "sec.service": {"en": "Contact centre", "nl": "Klantenservice", "de": "Kundenservice", "da": "Kundeservice"},
    "sec.before_after": {"en": "Before and after go-live", "nl": "Voor en na de livegang", "de": "Vor und nach dem Go-live", "da": "Før og efter go-live"},
    "sec.counterfactual": {"en": "Counterfactual", "nl": "Situatie zonder CRM", "de": "Kontrafaktische Entwicklung", "da": "Kontrafaktisk forløb"},
    "sec.placebo": {"en": "Placebo check", "nl": "Placebotoets", "de": "Placebo-Prüfung", "da": "Placebotjek"},
    "sec.verdict": {"en": "ROI verdict", "nl": "ROI-oordeel", "de": "ROI-Urteil", "da": "ROI-vurdering"},
    "sec.break_even": {"en": "Break-even", "nl": "Terugverdienmoment", "de": "Break-even", "da": "Break-even"},
    "sec.sensitivity": {"en": "Sensitivity", "nl": "Gevoeligheid", "de": "Sensitivität", "da": "Følsomhed"},
    "s.needs": {"en": "Not shown: this section needs {what}.", "nl": "Niet getoond: dit onderdeel heeft nodig: {what}.",
                "de": "Nicht gezeigt: dieser Abschnitt braucht {what}.", "da": "Ikke vist: dette afsnit kræver {what}."},
    "s.left_out": {"en": "Not in this table: {what}.", "nl": "Niet in deze tabel: {what}.",
                   "de": "Nicht in dieser Tabelle: {what}.", "da": "Ikke i denne tabel: {what}."},
    "s.left_out_item": {"en": "{rows}, which need {needs}", "nl": "{rows}, waarvoor nodig is: {needs}",
                        "de": "{rows}, dafür fehlt: {needs}", "da": "{rows}, som kræver {needs}"},
    "s.cannot": {"en": "Not shown: {what}.", "nl": "Niet getoond: {what}.", "de": "Nicht gezeigt: {what}.",
                 "da": "Ikke vist: {what}."},
    "s.no_shortfall": {"en": "No segment falls behind the business as a whole.",
                       "nl": "Geen enkel segment blijft achter bij het bedrijf als geheel.",
                       "de": "Kein Segment bleibt hinter dem Unternehmen insgesamt zurück.",
                       "da": "Intet segment halter efter virksomheden som helhed."},
    "s.drill": {"en": "Total new revenue changed **{total:+.0f} %** ({ref} → {win}). The largest shortfall: **{path}** "
                      "({seg:+.0f} %).",
                "nl": "De totale nieuwe omzet veranderde **{total:+.0f} %** ({ref} → {win}). De grootste achterstand: "
                      "**{path}** ({seg:+.0f} %).",
                "de": "Der gesamte neue Umsatz veränderte sich um **{total:+.0f} %** ({ref} → {win}). Die größte "
                      "Lücke: **{path}** ({seg:+.0f} %).",
                "da": "Den samlede nye omsætning ændrede sig **{total:+.0f} %** ({ref} → {win}). Det største "
                      "underskud: **{path}** ({seg:+.0f} %)."},
    "s.csat_r": {"en": "Correlation between volume and CSAT across {n} agents: r = {r:.2f}. {reading}",
                 "nl": "Verband tussen volume en CSAT over {n} medewerkers: r = {r:.2f}. {reading}",
                 "de": "Zusammenhang zwischen Menge und CSAT über {n} Agenten: r = {r:.2f}. {reading}",
                 "da": "Sammenhæng mellem volumen og CSAT for {n} medarbejdere: r = {r:.2f}. {reading}"},
    "s.roi_yes": {"en": "The data show a gain: {gain} (90 % interval {lo} to {hi}) against {cost} of CRM cost; "
                        "ROI {roi} %.",
                  "nl": "De data tonen een opbrengst: {gain} (90 %-interval {lo} tot {hi}) tegenover {cost} aan "
                        "CRM-kosten; ROI {roi} %.",
                  "de": "Die Daten zeigen einen Gewinn: {gain} (90-%-Intervall {lo} bis {hi}) bei {cost} CRM-Kosten; "
                        "ROI {roi} %.",
                  "da": "Data viser en gevinst: {gain} (90 %-interval {lo} til {hi}) mod {cost} i CRM-omkostninger; "
                        "ROI {roi} %."},
    "s.roi_no": {"en": "The data do not show a gain attributable to the CRM: the 90 % interval of the gain ({lo} to "
                       "{hi}) includes zero or lies below it, so no ROI is claimed.",
                 "nl": "De data tonen geen opbrengst die aan het CRM is toe te schrijven: het 90 %-interval van de "
                       "opbrengst ({lo} tot {hi}) bevat nul of ligt eronder, dus we noemen geen ROI.",
                 "de": "Die Daten zeigen keinen dem CRM zurechenbaren Gewinn: Das 90-%-Intervall des Gewinns ({lo} bis "
                       "{hi}) schließt null ein oder liegt darunter, daher wird kein ROI angegeben.",
                 "da": "Data viser ingen gevinst, der kan tilskrives CRM: 90 %-intervallet for gevinsten ({lo} til "
                       "{hi}) indeholder nul eller ligger under, så der angives intet ROI."},
    "s.roi_cannot_separate": {
        "en": "The data cannot separate the CRM from the growth that was already under way ({why}), so no gain and "
              "no ROI are claimed.",
        "nl": "De data kunnen het CRM niet scheiden van de groei die al gaande was ({why}), dus we noemen geen "
              "opbrengst en geen ROI.",
        "de": "Die Daten können das CRM nicht von dem Wachstum trennen, das schon im Gang war ({why}), daher werden "
              "weder Gewinn noch ROI angegeben.",
        "da": "Data kan ikke adskille CRM fra den vækst, der allerede var i gang ({why}), så der angives hverken "
              "gevinst eller ROI."},
    "s.roi_placebo": {
        "en": "The data do not show a gain attributable to the CRM: the 90 % interval of the gain ({lo} to {hi}) lies "
              "above zero, but {share} of {n} placebo go-lives before the real one found a gain as large, so no ROI "
              "is claimed.",
        "nl": "De data tonen geen opbrengst die aan het CRM is toe te schrijven: het 90 %-interval van de opbrengst "
              "({lo} tot {hi}) ligt boven nul, maar {share} van {n} placebo-livegangen vóór de echte vond een even "
              "grote opbrengst, dus we noemen geen ROI.",
        "de": "Die Daten zeigen keinen dem CRM zurechenbaren Gewinn: Das 90-%-Intervall des Gewinns ({lo} bis {hi}) "
              "liegt über null, aber {share} von {n} Placebo-Go-lives vor dem echten fanden einen ebenso großen "
              "Gewinn, daher wird kein ROI angegeben.",
        "da": "Data viser ingen gevinst, der kan tilskrives CRM: 90 %-intervallet for gevinsten ({lo} til {hi}) "
              "ligger over nul, men {share} af {n} placebo-go-lives før det rigtige fandt en lige så stor gevinst, "
              "så der angives intet ROI."},
    "s.placebo": {
        "en": "{k} of {n} placebo go-lives found a standardised gain at least as large as the measured one ({z}).",
        "nl": "{k} van {n} placebo-livegangen vonden een gestandaardiseerde opbrengst minstens zo groot als de "
              "gemeten ({z}).",
        "de": "{k} von {n} Placebo-Go-lives fanden einen standardisierten Gewinn, der mindestens so groß ist wie "
              "der gemessene ({z}).",
        "da": "{k} af {n} placebo-go-lives fandt en standardiseret gevinst mindst lige så stor som den målte ({z})."},
    "s.naive": {"en": "A naive before/after comparison would have claimed a gain of {naive}; the counterfactual gives "
                      "{gain} (attribution share {share}).",
                "nl": "Een naïeve voor/na-vergelijking had een opbrengst van {naive} geclaimd; het alternatief geeft "
                      "{gain} (toerekeningsaandeel {share}).",
                "de": "Ein naiver Vorher-nachher-Vergleich hätte {naive} Gewinn behauptet; die Gegenprobe ergibt "
                      "{gain} (Zurechnungsanteil {share}).",
                "da": "En naiv før/efter-sammenligning ville have påstået en gevinst på {naive}; det kontrafaktiske "
                      "giver {gain} (tilskrivningsandel {share})."},
    "s.break_even": {"en": "Break-even: {month}; payback period {n} months.",
                     "nl": "Break-even: {month}; terugverdientijd {n} maanden.",
                     "de": "Break-even: {month}; Amortisationszeit {n} Monate.",
                     "da": "Break-even: {month}; tilbagebetalingstid {n} måneder."},
    "s.no_break_even": {"en": "No break-even can be shown from these data.",
                        "nl": "Met deze data is geen break-even aan te tonen.",
                        "de": "Mit diesen Daten lässt sich kein Break-even zeigen.",
                        "da": "Med disse data kan der ikke vises et break-even."},
})
HEADERS.update({
    "per week": ("per week", "pro Woche", "pr. uge"),
    "per month": ("per maand", "pro Monat", "pr. måned"),
    "Score per rep and KPI (100 = on target)": ("Score per verkoper en KPI (100 = op doel)",
                                                "Zielerreichung je Verkäufer und KPI (100 = im Ziel)",
                                                "Score pr. sælger og KPI (100 = på mål)"),
    "New revenue per rep": ("Nieuwe omzet per verkoper", "Neuer Umsatz je Verkäufer", "Ny omsætning pr. sælger"),
    "Drill-down: new revenue against what each segment was expected to deliver": (
        "Drill-down: nieuwe omzet tegenover wat elk segment had moeten opleveren",
        "Drill-down: neuer Umsatz gegenüber dem, was jedes Segment hätte liefern sollen",
        "Drill-down: ny omsætning mod det, hvert segment forventedes at levere"),
    "Activity versus win rate": ("Activiteit versus winratio", "Aktivität versus Gewinnquote",
                                 "Aktivitet versus vinderrate"),
    "sales conversations": ("verkoopgesprekken", "Verkaufsgespräche", "salgssamtaler"),
    "win rate (won / decided)": ("winratio (gewonnen / beslist)", "Gewinnquote (gewonnen / entschieden)",
                                 "vinderrate (vundet / afgjort)"),
    "Sales conversations in month t versus revenue in month t + k": (
        "Verkoopgesprekken in maand t versus omzet in maand t + k",
        "Verkaufsgespräche im Monat t versus Umsatz im Monat t + k",
        "Salgssamtaler i måned t versus omsætning i måned t + k"),
    "per month (actual and without the CRM)": ("per maand (werkelijk en zonder CRM)",
                                               "pro Monat (Ist und ohne CRM)", "pr. måned (faktisk og uden CRM)"),
    "Cumulative gain and cost of the CRM": ("Cumulatieve opbrengst en kosten van het CRM",
                                            "Kumulierter Gewinn und Kosten des CRM",
                                            "Kumuleret gevinst og omkostning ved CRM"),
    "cost x": ("kosten x", "Kosten x", "omkostning x"),
    "attributed": ("toegerekend", "zugerechnet", "tilskrevet"),
    "Gross margin": ("Brutomarge", "Bruttomarge", "Bruttoavance"),
    "expected (moved like the total)": ("verwacht (zelfde ontwikkeling als het totaal)",
                                        "erwartet (Entwicklung wie das Ganze)", "forventet (udvikling som helheden)"),
    "of the shortfall": ("van de achterstand", "der Lücke", "af underskuddet"),
    "region": ("regio", "Region", "region"),
    "industry": ("branche", "Branche", "branche"),
    "product_group": ("productgroep", "Produktgruppe", "produktgruppe"),
    "New revenue": ("Nieuwe omzet", "Neuer Umsatz", "Ny omsætning"),
})


# notes behind the analyses (crmanalysis.i18n.Note): the ROI model, profile checks, data-quality rules
NOTEBOOK_TEXT.update({
    "s.tech_notes": {"en": "**Technical notes**", "nl": "**Technische toelichting**",
                     "de": "**Technische Hinweise**", "da": "**Tekniske noter**"},
    "note.month_incomplete": {
        "en": "{month} is incomplete (data up to {as_of}) and left out",
        "nl": "{month} is onvolledig (gegevens tot {as_of}) en telt niet mee",
        "de": "{month} ist unvollständig (Daten bis {as_of}) und wird nicht berücksichtigt",
        "da": "{month} er ufuldstændig (data til {as_of}) og er udeladt"},
    "note.lead_months": {
        "en": "first {n} month(s) left out: the export starts {start}, and a month's results are complete only "
              "with a full sales cycle (90 % of won deals: {days} days) of history before it",
        "nl": "eerste {n} maand(en) niet meegeteld: de export begint op {start}, en de resultaten van een maand "
              "zijn pas volledig met een hele verkoopcyclus (90 % van de gewonnen deals: {days} dagen) aan "
              "historie ervoor",
        "de": "erste {n} Monat(e) nicht berücksichtigt: der Export beginnt am {start}, und die Ergebnisse eines "
              "Monats sind erst mit einem ganzen Verkaufszyklus (90 % der gewonnenen Deals: {days} Tage) "
              "Vorgeschichte vollständig",
        "da": "første {n} måned(er) udeladt: eksporten starter {start}, og en måneds resultater er først "
              "komplette med en hel salgscyklus (90 % af de vundne deals: {days} dage) historik før den"},
    "note.counterfactual": {
        "en": "counterfactual: {model}, fitted on {n} months before go-live; residual sd {sd} per month",
        "nl": "referentiescenario: {model}, geschat op {n} maanden vóór de livegang; restspreiding (sd) {sd} "
              "per maand",
        "de": "Vergleichsszenario: {model}, geschätzt auf {n} Monaten vor dem Go-live; Reststreuung (sd) {sd} "
              "pro Monat",
        "da": "kontrafaktisk scenarie: {model}, estimeret på {n} måneder før go-live; restspredning (sd) {sd} "
              "pr. måned"},
    "model.yield": {
        "en": "pipeline inflow × its yield; the yield constant, with correlated months ({ar} % weight) or "
              "drifting ({drift} % weight)",
        "nl": "instroom in de pijplijn × het rendement daarvan; het rendement constant, met samenhangende maanden "
              "({ar} % gewicht) of verschuivend ({drift} % gewicht)",
        "de": "Pipeline-Zufluss × seine Ausbeute; die Ausbeute konstant, mit zusammenhängenden Monaten ({ar} % "
              "Gewicht) oder sich verschiebend ({drift} % Gewicht)",
        "da": "tilgang til pipelinen × dens udbytte; udbyttet konstant, med sammenhængende måneder ({ar} % vægt) "
              "eller i bevægelse ({drift} % vægt)"},
    "model.level_trend": {
        "en": "level and seasonal pattern with and without a linear trend, averaged ({trend} % weight on the "
              "trend), month-to-month correlation included",
        "nl": "niveau en seizoenspatroon met en zonder lineaire trend, gemiddeld ({trend} % gewicht op de trend), "
              "samenhang van maand op maand meegenomen",
        "de": "Niveau und Saisonmuster mit und ohne linearen Trend, gemittelt ({trend} % Gewicht auf dem Trend), "
              "Abhängigkeit von Monat zu Monat berücksichtigt",
        "da": "niveau og sæsonmønster med og uden lineær trend, gennemsnit ({trend} % vægt på trenden), "
              "sammenhæng fra måned til måned medtaget"},
    "why.short_pre": {
        "en": "only {n} complete months before go-live; at least {need} are needed",
        "nl": "maar {n} volledige maanden vóór de livegang; er zijn er minstens {need} nodig",
        "de": "nur {n} vollständige Monate vor dem Go-live; mindestens {need} sind nötig",
        "da": "kun {n} hele måneder før go-live; der kræves mindst {need}"},
    "why.drift": {
        "en": "the months before go-live were already moving ({pct} % weight on a trend)",
        "nl": "de maanden vóór de livegang bewogen al ({pct} % gewicht op een trend)",
        "de": "die Monate vor dem Go-live bewegten sich schon ({pct} % Gewicht auf einem Trend)",
        "da": "månederne før go-live bevægede sig allerede ({pct} % vægt på en trend)"},
    "note.no_inflow": {
        "en": "the deals lack creation dates, or fewer than 20 were won before go-live: the "
              "counterfactual follows the series' own level, season and trend, not the pipeline inflow",
        "nl": "de deals missen aanmaakdata, of er zijn er vóór de livegang minder dan 20 gewonnen: het "
              "alternatief volgt het eigen niveau, seizoen en de trend van de reeks, niet de instroom in de pijplijn",
        "de": "den Deals fehlen Anlagedaten, oder vor dem Go-live wurden weniger als 20 gewonnen: die "
              "Gegenprobe folgt Niveau, Saison und Trend der Reihe selbst, nicht dem Pipeline-Zufluss",
        "da": "handlerne mangler oprettelsesdatoer, eller færre end 20 blev vundet før go-live: det "
              "kontrafaktiske scenarie følger seriens eget niveau, sæson og trend, ikke tilgangen til pipelinen"},
    "note.gain_gross_margin": {"en": "gain measured as gross margin", "nl": "opbrengst gemeten als brutomarge",
                               "de": "Gewinn gemessen als Bruttomarge", "da": "gevinst målt som dækningsbidrag"},
    "note.gain_new_revenue": {
        "en": "gain measured as new revenue (revenue overstates the profit gain)",
        "nl": "opbrengst gemeten als nieuwe omzet (omzet overschat de winstgroei)",
        "de": "Gewinn gemessen als neuer Umsatz (Umsatz überzeichnet den Ergebnisgewinn)",
        "da": "gevinst målt som ny omsætning (omsætning overvurderer gevinsten i resultatet)"},
    "note.gain_other": {"en": "gain measured as {metric}", "nl": "opbrengst gemeten als {metric}",
                        "de": "Gewinn gemessen als {metric}", "da": "gevinst målt som {metric}"},
    "note.profile_too_many": {
        "en": "profile '{role}' ({kind}) has {n} KPIs; keep it to at most {limit} so people can act on them "
              "(3–5 per person, at most 4 on a sales dashboard, 10 for management)",
        "nl": "profiel '{role}' ({kind}) heeft {n} KPI's; houd het bij hoogstens {limit}, zodat mensen erop "
              "kunnen sturen (3–5 per persoon, hoogstens 4 op een salesdashboard, 10 voor het management)",
        "de": "Profil '{role}' ({kind}) hat {n} KPIs; höchstens {limit}, damit man danach handeln kann "
              "(3–5 pro Person, höchstens 4 auf einem Vertriebs-Dashboard, 10 für das Management)",
        "da": "profilen '{role}' ({kind}) har {n} KPI'er; hold den på højst {limit}, så folk kan handle på dem "
              "(3–5 pr. person, højst 4 på et salgsdashboard, 10 for ledelsen)"},
    "note.profile_unknown_kpi": {"en": "profile '{role}': unknown KPI '{kpi}'",
                                 "nl": "profiel '{role}': onbekende KPI '{kpi}'",
                                 "de": "Profil '{role}': unbekannte KPI '{kpi}'",
                                 "da": "profilen '{role}': ukendt KPI '{kpi}'"},
    "sev.error": {"en": "error", "nl": "fout", "de": "Fehler", "da": "fejl"},
    "sev.warning": {"en": "warning", "nl": "waarschuwing", "de": "Warnung", "da": "advarsel"},
    "dq.finding": {"en": "{n} row(s) {what}; {verb}", "nl": "{n} rij(en) {what}; {verb}",
                   "de": "{n} Zeile(n) {what}; {verb}", "da": "{n} række(r) {what}; {verb}"},
    "dq.kept": {"en": "kept", "nl": "behouden", "de": "übernommen", "da": "beholdt"},
    "dq.rejected_strict": {"en": "rejected (strict)", "nl": "afgewezen (strikt)", "de": "abgelehnt (strikt)",
                           "da": "afvist (striks)"},
    "dq.won_no_amount": {"en": "won without an amount: revenue KPIs skip them",
                         "nl": "gewonnen zonder bedrag: omzet-KPI's slaan ze over",
                         "de": "gewonnen ohne Betrag: Umsatz-KPIs lassen sie aus",
                         "da": "vundet uden beløb: omsætnings-KPI'er springer dem over"},
    "dq.closed_no_date": {"en": "closed (won/lost) without a close date: period KPIs skip them",
                          "nl": "afgesloten (gewonnen/verloren) zonder sluitdatum: periode-KPI's slaan ze over",
                          "de": "abgeschlossen (gewonnen/verloren) ohne Abschlussdatum: Perioden-KPIs lassen sie aus",
                          "da": "lukket (vundet/tabt) uden lukkedato: periode-KPI'er springer dem over"},
    "dq.negative_amount": {"en": "with a negative amount", "nl": "met een negatief bedrag",
                           "de": "mit negativem Betrag", "da": "med et negativt beløb"},
    "dq.close_before_created": {"en": "close before they were created", "nl": "sluiten vóór ze zijn aangemaakt",
                                "de": "schließen vor ihrer Anlage", "da": "lukker før de blev oprettet"},
    "dq.closed_future": {"en": "are closed (won/lost) but dated in the future",
                         "nl": "zijn afgesloten (gewonnen/verloren) maar in de toekomst gedateerd",
                         "de": "sind abgeschlossen (gewonnen/verloren), aber in die Zukunft datiert",
                         "da": "er lukket (vundet/tabt), men dateret i fremtiden"},
    "dq.probability": {"en": "have a probability outside 0-100 %", "nl": "hebben een kans buiten 0-100 %",
                       "de": "haben eine Wahrscheinlichkeit außerhalb 0-100 %",
                       "da": "har en sandsynlighed uden for 0-100 %"},
    "dq.unknown_owner": {
        "en": "are owned by someone not in the users file (rep-level KPIs show them as unknown)",
        "nl": "zijn van iemand die niet in het gebruikersbestand staat (KPI's per verkoper tonen hen als onbekend)",
        "de": "gehören jemandem, der nicht in der Benutzerdatei steht (KPIs je Verkäufer zeigen ihn als unbekannt)",
        "da": "ejes af en, der ikke er i brugerfilen (KPI'er pr. sælger viser dem som ukendt)"},
    "dq.unknown_account": {"en": "refer to an account not in the accounts file",
                           "nl": "verwijzen naar een klant die niet in het klantenbestand staat",
                           "de": "verweisen auf einen Kunden, der nicht in der Kundendatei steht",
                           "da": "henviser til en kunde, der ikke er i kundefilen"},
    "dq.case_closed_before_opened": {"en": "are closed before they were opened", "nl": "zijn gesloten vóór ze zijn geopend",
                                     "de": "wurden vor der Eröffnung geschlossen", "da": "er lukket før de blev åbnet"},
    "dq.undated_activity": {"en": "have no date at all: activity KPIs skip them",
                            "nl": "hebben helemaal geen datum: activiteiten-KPI's slaan ze over",
                            "de": "haben gar kein Datum: Aktivitäts-KPIs lassen sie aus",
                            "da": "har slet ingen dato: aktivitets-KPI'er springer dem over"},
})
