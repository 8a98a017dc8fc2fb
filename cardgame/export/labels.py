"""Headings and labels of the export, in Danish, bokmål and English, and how dates and
numbers read.

These belong to the document, not to the interface: an export is written in the session's
language whatever language the app is shown in, so they live here and not in `cardgame.i18n`.
A language without a table here falls back to Danish, the language of the bundled decks. Dates,
times, decimal numbers, lists and plurals follow the language's rules in Babel.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal

DA: dict[str, str] = {
    "hours.one": "{n} time",
    "hours.other": "{n} timer",
    "minutes.one": "{n} minut",
    "minutes.other": "{n} minutter",
    "hours_minutes": "{hours} og {minutes}",
    "group_count.one": "{n} gruppe",
    "group_count.other": "{n} grupper",
    "date": "Dato",
    "municipality": "Kommune",
    "facilitator": "Facilitator",
    "programme_fact": "Program",
    "groups": "Grupper",
    "decks": "Kortsæt",
    "deck_version": "{title} (version {version})",
    "deck_missing": "{title} (version {version}, ikke tilgængeligt ved eksporten)",
    "duration": "Varighed",
    "duration_value": "{span} (kl. {start}–{end})",
    "duration_days": "{span} ({start} – {end})",
    "summary": "Sammenfatning",
    "most_suitable": "Mest egnet til borgerdialog",
    "least_suitable": "Mindst egnet til borgerdialog",
    "mean_of_tables": "gennemsnit {mean} af 5, {n} af {total} borde",
    "not_all_rated": "Ikke vurderet af alle borde",
    "not_rated_by": "mangler fra {groups}",
    "disagreed": "Grupperne var uenige om",
    "largest_gaps": "Største forskel på indflydelse i dag og ønsket",
    "followups": "Opfølgning",
    "themes": "Velfærdstemaer",
    "themes_intro": "Hvor egnet er området til borgerdialog hos os? 1 = lidt egnet, 5 = meget "
                    "egnet. Ordnet efter gennemsnit.",
    "rank": "Nr.",
    "theme": "Tema",
    "mean": "Gennemsnit",
    "rating": "vurdering {rating}",
    "notes": "Gruppernes begrundelser",
    "formats": "Dialogformater",
    "scenario": "Scenarie {n}",
    "situation": "Situation",
    "dilemma": "Dilemma",
    "option": "Svar",
    "chosen_by": "Valgt af",
    "count": "Antal",
    "other": "Andet svar",
    "no_choice": "intet valg",
    "choices": "Gruppernes valg",
    "option_n": "svar {n}",
    "reason": "Begrundelse",
    "roles": "Politikerroller",
    "challenges": "Udfordringer",
    "levers": "Greb og værktøjer",
    "influence": "Indflydelse",
    "influence_deck": "Indflydelse: {title}",
    "rings_legend": "Ringene, udefra og ind: {rings}.",
    "cells_legend": "I hver celle: ring i dag → ønsket ring. B = indflydelse gennem "
                    "beslutninger, K = gennem kultur, B+K = begge. «fejlkilde» = ofte årsag til "
                    "fejlslagne borgerdialoger.",
    "element": "Element",
    "how.decisions": "B",
    "how.culture": "K",
    "how.both": "B+K",
    "failure": "fejlkilde",
    "element_notes": "Noter til elementerne",
    "circle": "Cirklen: {actor}",
    "circle_group": "Cirklen: {actor}, {group}",
    "circle_markers": "● i dag · ○ ønsket · ◉ i dag og ønsket i samme ring. Tallene 1–{rings} "
                      "på den lodrette midterlinje er ringene, udefra og ind.",
    "circle_arrow": "Pilen går fra i dag til ønsket.",
    "circle_legend_today": "i dag {ring}",
    "circle_legend_wanted": "ønsket {ring}",
    "potential": "Udviklingspotentiale",
    "gaps": "Ønsket længere ind end i dag (største forskel først)",
    "gap_line_alone": "{today} → {wanted}",
    "failure_line_alone": "i dag {today}",
    "gap_line": "{who}: {today} → {wanted}",
    "failure_line": "{who}: i dag {today}",
    "quoted": "«{text}»",
    "failures": "Stor indflydelse i dag, men ofte årsag til fejlslagne dialoger",
    "unplaced": "Ikke placeret",
    "spread": "Hvor grupperne og aktørerne er mest uenige (i dag)",
    "spread_line": "fra {outer} til {inner} ({n} placeringer)",
    "questions": "Spørgsmål til at finde udviklingspotentiale",
    "question_n": "Spørgsmål {n}",
    "followup_line": "{what}",
    "appendix": "Bilag",
    "cards": "Kortene",
    "cards_intro": "Den fulde tekst på de kort, der blev drøftet.",
    "opportunities": "Muligheder",
    "dilemmas": "Dilemmaer",
    "discussion": "Spørgsmål til drøftelse",
    "sources": "Kilder",
    "step": "Trin på deltagelsestrappen",
    "step.inform": "Informere",
    "step.consult": "Høre og spørge",
    "step.dialogue": "Dialog",
    "step.agenda-setting": "Borgerne sætter dagsordenen",
    "step.hand-on-the-wheel": "Borgerne får en hånd på rattet",
    "use_when": "Passer når",
    "strengths": "Styrker",
    "pitfalls": "Faldgruber",
    "options": "Svarmuligheder",
    "why": "Derfor er det vigtigt",
    "through_decisions": "Indflydelse gennem beslutninger",
    "through_culture": "Indflydelse gennem kultur",
    "timeline": "Tidslinje",
    "timeline_intro": "Hvornår hvert kort blev drøftet: første og sidste registrerede svar.",
    "from": "Fra",
    "to": "Til",
    "card": "Kort",
    "unresolved": "Svar på kort, der ikke findes i kortsættene nu",
    "time": "kl. {time}",
    "programme": "Programmet: {title}",
    "round_heading": "Runde {n}: {title}",
    "round_facts": "{deck} · {minutes} min · {mode}",
    "mode.plenary": "i plenum",
    "mode.hand": "et kort til hvert bord",
    "round_drawn": "kortene blev trukket, da temadagen begyndte",
    "round_note": "Note til runden",
    "skipped": "Sprunget over (intet bord svarede)",
    "held_by": "ved {group}",
    "rating_of": "{rating} af 5",
    "no_answer": "intet svar",
    "outside_programme": "Uden for programmet",
    "outside_intro": "Kort, som bordene svarede på, men som ingen runde i programmet nævner.",
}

EN: dict[str, str] = {
    "hours.one": "{n} hour",
    "hours.other": "{n} hours",
    "minutes.one": "{n} minute",
    "minutes.other": "{n} minutes",
    "hours_minutes": "{hours} {minutes}",
    "group_count.one": "{n} group",
    "group_count.other": "{n} groups",
    "date": "Date",
    "municipality": "Municipality",
    "facilitator": "Facilitator",
    "programme_fact": "Programme",
    "groups": "Groups",
    "decks": "Decks",
    "deck_version": "{title} (version {version})",
    "deck_missing": "{title} (version {version}, not available when exported)",
    "duration": "Duration",
    "duration_value": "{span} ({start}–{end})",
    "duration_days": "{span} ({start} – {end})",
    "summary": "Summary",
    "most_suitable": "Most suitable for citizen dialogue",
    "least_suitable": "Least suitable for citizen dialogue",
    "mean_of_tables": "mean {mean} of 5, {n} of {total} tables",
    "not_all_rated": "Not rated by every table",
    "not_rated_by": "missing from {groups}",
    "disagreed": "The groups disagreed on",
    "largest_gaps": "Largest gaps between influence today and wanted",
    "followups": "Follow-up",
    "themes": "Welfare themes",
    "themes_intro": "How suitable is the area for citizen dialogue here? 1 = hardly, 5 = very. "
                    "Ordered by mean.",
    "rank": "No.",
    "theme": "Theme",
    "mean": "Mean",
    "rating": "rating {rating}",
    "notes": "The groups' reasons",
    "formats": "Dialogue formats",
    "scenario": "Scenario {n}",
    "situation": "Situation",
    "dilemma": "Dilemma",
    "option": "Answer",
    "chosen_by": "Chosen by",
    "count": "Count",
    "other": "Another answer",
    "no_choice": "no choice",
    "choices": "The groups' choices",
    "option_n": "answer {n}",
    "reason": "Reason",
    "roles": "Politician roles",
    "challenges": "Challenges",
    "levers": "Levers and tools",
    "influence": "Influence",
    "influence_deck": "Influence: {title}",
    "rings_legend": "The rings, from the edge in: {rings}.",
    "cells_legend": "In each cell: ring today → wanted ring. D = influence through decisions, "
                    "C = through culture, D+C = both. \"failure\" = often a cause of failed "
                    "citizen dialogues.",
    "element": "Element",
    "how.decisions": "D",
    "how.culture": "C",
    "how.both": "D+C",
    "failure": "failure",
    "element_notes": "Notes on the elements",
    "circle": "The circle: {actor}",
    "circle_group": "The circle: {actor}, {group}",
    "circle_markers": "● today · ○ wanted · ◉ today and wanted in the same ring. The numbers "
                      "1–{rings} on the vertical centre line are the rings, outside in.",
    "circle_arrow": "The arrow runs from today to wanted.",
    "circle_legend_today": "today {ring}",
    "circle_legend_wanted": "wanted {ring}",
    "potential": "Development potential",
    "gaps": "Wanted further in than today (largest gap first)",
    "gap_line_alone": "{today} → {wanted}",
    "failure_line_alone": "today {today}",
    "gap_line": "{who}: {today} → {wanted}",
    "failure_line": "{who}: today {today}",
    "quoted": "“{text}”",
    "failures": "High influence today, but often a cause of failed dialogues",
    "unplaced": "Not placed",
    "spread": "Where the groups and actors disagree most (today)",
    "spread_line": "from {outer} to {inner} ({n} placements)",
    "questions": "Questions for finding development potential",
    "question_n": "Question {n}",
    "followup_line": "{what}",
    "appendix": "Appendix",
    "cards": "The cards",
    "cards_intro": "The full text of the cards that were discussed.",
    "opportunities": "Opportunities",
    "dilemmas": "Dilemmas",
    "discussion": "Questions for discussion",
    "sources": "Sources",
    "step": "Step on the participation staircase",
    "step.inform": "Inform",
    "step.consult": "Consult",
    "step.dialogue": "Dialogue",
    "step.agenda-setting": "Citizens set the agenda",
    "step.hand-on-the-wheel": "Citizens get a hand on the wheel",
    "use_when": "Fits when",
    "strengths": "Strengths",
    "pitfalls": "Pitfalls",
    "options": "Answer options",
    "why": "Why it matters",
    "through_decisions": "Influence through decisions",
    "through_culture": "Influence through culture",
    "timeline": "Timeline",
    "timeline_intro": "When each card was discussed: first and last recorded answer.",
    "from": "From",
    "to": "To",
    "card": "Card",
    "unresolved": "Answers on cards that are not in the decks now",
    "time": "{time}",
    "programme": "The programme: {title}",
    "round_heading": "Round {n}: {title}",
    "round_facts": "{deck} · {minutes} min · {mode}",
    "mode.plenary": "in plenary",
    "mode.hand": "one card per table",
    "round_drawn": "the cards were drawn when the theme day began",
    "round_note": "Note for the round",
    "skipped": "Skipped (no table answered)",
    "held_by": "at {group}",
    "rating_of": "{rating} of 5",
    "no_answer": "no answer",
    "outside_programme": "Outside the programme",
    "outside_intro": "Cards the tables answered that no round of the programme names.",
}

NB: dict[str, str] = {
    "hours.one": "{n} time",
    "hours.other": "{n} timer",
    "minutes.one": "{n} minutt",
    "minutes.other": "{n} minutter",
    "hours_minutes": "{hours} og {minutes}",
    "group_count.one": "{n} gruppe",
    "group_count.other": "{n} grupper",
    "date": "Dato",
    "municipality": "Kommune",
    "facilitator": "Fasilitator",
    "programme_fact": "Program",
    "groups": "Grupper",
    "decks": "Kortsett",
    "deck_version": "{title} (versjon {version})",
    "deck_missing": "{title} (versjon {version}, ikke tilgjengelig ved eksporten)",
    "duration": "Varighet",
    "duration_value": "{span} (kl. {start}–{end})",
    "duration_days": "{span} ({start} – {end})",
    "summary": "Sammendrag",
    "most_suitable": "Best egnet for innbyggerdialog",
    "least_suitable": "Minst egnet for innbyggerdialog",
    "mean_of_tables": "gjennomsnitt {mean} av 5, {n} av {total} bord",
    "not_all_rated": "Ikke vurdert av alle bord",
    "not_rated_by": "mangler fra {groups}",
    "disagreed": "Gruppene var uenige om",
    "largest_gaps": "Største forskjell på innflytelse i dag og ønsket",
    "followups": "Oppfølging",
    "themes": "Velferdstemaer",
    "themes_intro": "Hvor egnet er området for innbyggerdialog hos oss? 1 = lite egnet, 5 = svært "
                    "egnet. Ordnet etter gjennomsnitt.",
    "rank": "Nr.",
    "theme": "Tema",
    "mean": "Gjennomsnitt",
    "rating": "vurdering {rating}",
    "notes": "Gruppenes begrunnelser",
    "formats": "Dialogformer",
    "scenario": "Scenario {n}",
    "situation": "Situasjon",
    "dilemma": "Dilemma",
    "option": "Svar",
    "chosen_by": "Valgt av",
    "count": "Antall",
    "other": "Annet svar",
    "no_choice": "ikke valgt",
    "choices": "Gruppenes valg",
    "option_n": "svar {n}",
    "reason": "Begrunnelse",
    "roles": "Folkevalgtroller",
    "challenges": "Utfordringer",
    "levers": "Grep og verktøy",
    "influence": "Innflytelse",
    "influence_deck": "Innflytelse: {title}",
    "rings_legend": "Ringene, utenfra og inn: {rings}.",
    "cells_legend": "I hver celle: ring i dag → ønsket ring. B = innflytelse gjennom "
                    "beslutninger, K = gjennom kultur, B+K = begge. «feilkilde» = ofte årsak til "
                    "mislykkede innbyggerdialoger.",
    "element": "Element",
    "how.decisions": "B",
    "how.culture": "K",
    "how.both": "B+K",
    "failure": "feilkilde",
    "element_notes": "Notater til elementene",
    "circle": "Sirkelen: {actor}",
    "circle_group": "Sirkelen: {actor}, {group}",
    "circle_markers": "● i dag · ○ ønsket · ◉ i dag og ønsket i samme ring. Tallene 1–{rings} "
                      "på den loddrette midtlinjen er ringene, utenfra og inn.",
    "circle_arrow": "Pilen går fra i dag til ønsket.",
    "circle_legend_today": "i dag {ring}",
    "circle_legend_wanted": "ønsket {ring}",
    "potential": "Utviklingspotensial",
    "gaps": "Ønsket lenger inn enn i dag (største forskjell først)",
    "gap_line_alone": "{today} → {wanted}",
    "failure_line_alone": "i dag {today}",
    "gap_line": "{who}: {today} → {wanted}",
    "failure_line": "{who}: i dag {today}",
    "quoted": "«{text}»",
    "failures": "Stor innflytelse i dag, men ofte årsak til mislykkede dialoger",
    "unplaced": "Ikke plassert",
    "spread": "Der gruppene og aktørene er mest uenige (i dag)",
    "spread_line": "fra {outer} til {inner} ({n} plasseringer)",
    "questions": "Spørsmål for å finne utviklingspotensial",
    "question_n": "Spørsmål {n}",
    "followup_line": "{what}",
    "appendix": "Vedlegg",
    "cards": "Kortene",
    "cards_intro": "Hele teksten på kortene som ble drøftet.",
    "opportunities": "Muligheter",
    "dilemmas": "Dilemmaer",
    "discussion": "Spørsmål til drøfting",
    "sources": "Kilder",
    "step": "Trinn i medvirkningstrappen",
    "step.inform": "Informere",
    "step.consult": "Høre og spørre",
    "step.dialogue": "Dialog",
    "step.agenda-setting": "Innbyggerne setter dagsordenen",
    "step.hand-on-the-wheel": "Innbyggerne får en hånd på rattet",
    "use_when": "Passer når",
    "strengths": "Styrker",
    "pitfalls": "Fallgruver",
    "options": "Svaralternativer",
    "why": "Derfor er det viktig",
    "through_decisions": "Innflytelse gjennom beslutninger",
    "through_culture": "Innflytelse gjennom kultur",
    "timeline": "Tidslinje",
    "timeline_intro": "Når hvert kort ble drøftet: første og siste registrerte svar.",
    "from": "Fra",
    "to": "Til",
    "card": "Kort",
    "unresolved": "Svar på kort som ikke finnes i kortsettene nå",
    "time": "kl. {time}",
    "programme": "Programmet: {title}",
    "round_heading": "Runde {n}: {title}",
    "round_facts": "{deck} · {minutes} min · {mode}",
    "mode.plenary": "i plenum",
    "mode.hand": "ett kort til hvert bord",
    "round_drawn": "kortene ble trukket da temadagen begynte",
    "round_note": "Notat til runden",
    "skipped": "Hoppet over (ingen bord svarte)",
    "held_by": "ved {group}",
    "rating_of": "{rating} av 5",
    "no_answer": "ikke svart",
    "outside_programme": "Utenfor programmet",
    "outside_intro": "Kort som bordene svarte på, men som ingen runde i programmet nevner.",
}

LOCALES = {"da": "da_DK", "nb": "nb_NO", "en": "en_GB"}
"""The locale an export's dates, times, numbers and lists are written in (Babel's data):
British English, for a 24-hour clock and the day before the month, as the Danish text has."""


class Labels:
    """The labels of one language, with its way of writing dates, times and numbers."""

    def __init__(self, lang: str) -> None:
        base = lang.split("-")[0].lower()
        self.lang = base if base in LOCALES else "da"
        self.table = {"en": EN, "nb": NB}.get(self.lang, DA)
        self.locale = Locale.parse(LOCALES[self.lang])

    def __call__(self, key: str, **values: object) -> str:
        """The label for key, filled in with values; a key with `.one` and `.other` forms is
        chosen by the language's plural rule for `n`."""
        count = values.get("n")
        if f"{key}.one" in self.table and isinstance(count, int):
            key = f"{key}.{'one' if self.locale.plural_form(count) == 'one' else 'other'}"
        return self.table[key].format(**values)

    def date(self, day: Date) -> str:
        """22. november 2026 / 22 November 2026."""
        return format_date(day, "long", locale=self.locale)

    def clock(self, moment: datetime) -> str:
        """10.05 / 10:05."""
        return format_time(moment, "short", locale=self.locale)

    def moment(self, moment: datetime) -> str:
        """A date and a time: 22. november 2026 kl. 10.05."""
        return f"{self.date(moment.date())} {self('time', time=self.clock(moment))}"

    def span(self, length: timedelta) -> str:
        """2 timer og 5 minutter / 2 hours 5 minutes (rounded to the minute)."""
        minutes = int(round(length.total_seconds() / 60))
        hours, minutes = divmod(minutes, 60)
        if not hours:
            return self("minutes", n=minutes)
        if not minutes:
            return self("hours", n=hours)
        return self("hours_minutes", hours=self("hours", n=hours),
                    minutes=self("minutes", n=minutes))

    def number(self, value: float) -> str:
        """One decimal, with the language's decimal mark: 4,3 / 4.3."""
        return format_decimal(value, "0.0", locale=self.locale)

    def groups(self, count: int) -> str:
        """1 gruppe / 3 grupper."""
        return self("group_count", n=count)

    def join(self, items: list[str]) -> str:
        """a, b og c / a, b and c."""
        return format_list(items, locale=self.locale) if items else ""
