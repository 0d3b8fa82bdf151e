"""`localaction bench search`: 100,000 generated entries searched, timed.

On a database of its own — a new SQLite file, var/bench-search.sqlite3, or
the database DATABASE_URL names, which must say "bench" in its name — it
writes `entries` entries through the same path a rebuild takes
(`services.index_batch`: the entries, their themes, Wagtail's index rows):
titles and bodies of words drawn from a Zipf law over a vocabulary in four
languages, with rare words (place names) and the facets spread. Then it runs
a fixed, seeded set of queries — one to three words, common and rare, with
and without facet filters — through `query.run` (the page, the total and
every facet count), and the same queries as a plain icontains scan in the
same process; it prints the count, median, p95 and max of each and their
ratio, against the target of p95 under 100 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from localaction.network.models import Country
from localaction.search import query as search_query
from localaction.search import services
from localaction.search.models import Entry

TARGET_P95_MS = 100.0
KIND_PREFIX = "bench-"
KINDS = ("member", "campaign", "case-study", "publication", "course", "event")
THEMES = ("ccp", "water", "procura", "la21", "ecobudget", "biodiversity", "resilience",
          "energy", "transport", "waste", "buildings", "adaptation")  # fmt: skip
LANGUAGES = {
    "en": "city council climate energy emissions water waste transport buildings plan target "
    "action report community local government renewable efficiency public lighting heating "
    "solar wind bicycle bus housing school budget inventory forest river flood heat health "
    "procurement market food green park citizens training network strategy mayor district",
    "es": "ciudad consejo clima energía emisiones agua residuos transporte edificios plan meta "
    "acción informe comunidad gobierno local renovable eficiencia alumbrado público calefacción "
    "solar viento bicicleta autobús vivienda escuela presupuesto inventario bosque río "
    "inundación calor salud compras mercado alimentos verde parque ciudadanos formación",
    "fr": "ville conseil climat énergie émissions eau déchets transport bâtiments plan objectif "
    "action rapport communauté collectivité locale renouvelable efficacité éclairage public "
    "chauffage solaire vent vélo autobus logement école budget inventaire forêt rivière "
    "inondation chaleur santé achats marché alimentation vert parc citoyens formation",
    "pt": "cidade câmara clima energia emissões água resíduos transporte edifícios plano meta "
    "ação relatório comunidade governo local renovável eficiência iluminação pública "
    "aquecimento solar vento bicicleta ônibus habitação escola orçamento inventário floresta "
    "rio inundação calor saúde compras mercado alimentos verde parque cidadãos formação",
}
RARE = 5000  # place names, each in a handful of entries
QUERIES = 200


class BenchError(Exception):
    pass


def run_in_own_database(arguments: list[str]) -> int:
    """Run the bench again in a process whose database is var/bench-search.sqlite3
    (built once, then reused); its exit status."""
    path = Path(settings.VAR_DIR) / "bench-search.sqlite3"
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    command = [sys.executable, "-m", "localaction", "search", "bench", *arguments]
    return subprocess.run(command, env=environment, check=False).returncode


def _rare_word(n: int) -> str:
    syllables = ("ka", "lo", "mi", "ra", "ten", "bu", "sol", "vi", "dor", "na", "qui", "zel")
    word, rest = "", n + 1
    while rest:
        rest, digit = divmod(rest, len(syllables))
        word += syllables[digit]
    return word + "burg"


def _vocabulary() -> dict[str, list[str]]:
    return {language: text.split() for language, text in LANGUAGES.items()}


def _zipf_weights(size: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(size)]


def generate(count: int, *, seed: int):
    """Entry dicts of the bench, reproducible from the seed."""
    rng = random.Random(seed)
    words = _vocabulary()
    weights = {language: _zipf_weights(len(w)) for language, w in words.items()}
    countries = list(Country.objects.select_related("region").order_by("code"))
    if not countries:
        raise BenchError("The database has no countries: run `localaction migrate` first.")
    languages = list(words)
    for n in range(count):
        language = rng.choices(languages, weights=(5, 2, 2, 1))[0]
        vocabulary, weight = words[language], weights[language]
        place = _rare_word(rng.randrange(RARE))
        country = rng.choice(countries)
        title = " ".join(rng.choices(vocabulary, weight, k=rng.randint(3, 7)))
        body = " ".join(rng.choices(vocabulary, weight, k=rng.randint(40, 90)))
        yield {
            "kind": KIND_PREFIX + rng.choice(KINDS),
            "key": f"{n:07d}",
            "language": language,
            "title": f"{place.capitalize()} {title}",
            "body": f"{body} {place}.",
            "url": f"/bench/{n}/",
            "region_id": country.region_id,
            "country_code": country.code,
            "themes": rng.sample(THEMES, rng.randint(0, 3)),
            "year": rng.randint(2000, 2024),
        }


def build(entries: int, *, seed: int, say: Callable[[str], None], progress) -> float | None:
    """Write the bench's entries unless the database holds them already; seconds taken."""
    present = Entry.objects.filter(kind__startswith=KIND_PREFIX).count()
    if present == entries:
        return None
    if present:
        say(f"Removing the {present:,} entries of a bench of another size…")
        services.remove_kinds([KIND_PREFIX + kind for kind in KINDS])
    started = time.perf_counter()
    bar = progress(entries)
    batch: list[dict] = []
    for entry in generate(entries, seed=seed):
        batch.append(entry)
        if len(batch) == services.BATCH:
            services.index_batch(batch)
            bar.update(len(batch))
            batch = []
    if batch:
        services.index_batch(batch)
        bar.update(len(batch))
    bar.close()
    services.tidy()
    return time.perf_counter() - started


def queries(*, seed: int) -> list[search_query.Query]:
    """The fixed set: 1–3 words, common (the top of the Zipf law) or rare (a
    place, or a word from the tail), half of them with one or two facets."""
    rng = random.Random(seed + 1)
    words = _vocabulary()
    regions = list(
        Country.objects.values_list("region__code", flat=True).distinct().order_by("region__code")
    )
    chosen = []
    for n in range(QUERIES):
        language = rng.choice(list(words))
        vocabulary = words[language]
        terms = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.random()
            if kind < 0.45:
                terms.append(rng.choice(vocabulary[:8]))  # common
            elif kind < 0.8:
                terms.append(rng.choice(vocabulary[8:]))  # the tail
            else:
                terms.append(_rare_word(rng.randrange(RARE)))
        params = {"q": " ".join(terms)}
        if n % 2:
            facet = rng.choice(("kind", "region", "language", "year", "theme"))
            params[facet] = {
                "kind": KIND_PREFIX + rng.choice(KINDS),
                "region": rng.choice(regions),
                "language": language,
                "year": str(rng.randint(2000, 2024)),
                "theme": rng.choice(THEMES),
            }[facet]
            if n % 4 == 1:
                params["year"] = str(rng.randint(2000, 2024))
        if n % 10 == 3:
            params["page"] = "2"
        chosen.append(search_query.parse(params))
    return chosen


@dataclass
class Timings:
    label: str
    seconds: list[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self) -> str:
        ms = [s * 1000 for s in self.seconds]
        return (
            f"{self.label:<44}{len(ms):>6}{statistics.median(ms):>10.1f}"
            f"{self.percentile(0.95) * 1000:>10.1f}{max(ms):>10.1f}"
        )


#: The baseline scans every entry for each query (seconds at 100,000): it runs
#: on every BASELINE_EVERY-th query, and the ratio compares the same queries.
BASELINE_EVERY = 5


def time_queries(
    chosen: list[search_query.Query],
) -> tuple[Timings, Timings, Timings, list[tuple[int, bool]]]:
    search = Timings("search (page, total, 6 facets)", [])
    sampled = Timings(f"  the same, every {BASELINE_EVERY}th query", [])
    plain = Timings(f"baseline: icontains scan, every {BASELINE_EVERY}th", [])
    # Only each result's counts are kept: holding 200 results (their entries
    # and facets) would grow the long-lived heap, whose full garbage
    # collections would then land in the timings.
    counts: list[tuple[int, bool]] = []
    for n, query in enumerate(chosen):
        started = time.perf_counter()
        result = search_query.run(query)
        search.seconds.append(time.perf_counter() - started)
        counts.append((result.total, result.more))
        if n % BASELINE_EVERY == 0:
            sampled.seconds.append(search.seconds[-1])
            started = time.perf_counter()
            search_query.baseline(query)
            plain.seconds.append(time.perf_counter() - started)
    return search, sampled, plain, counts


def bench(*, entries: int, seed: int, say: Callable[[str], None], progress) -> bool:
    """Build (or reuse) the bench entries, time the queries; whether p95 met the target."""
    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise BenchError(
            f"The search bench writes {entries:,} entries, so it runs only on a database "
            f"whose name says bench (e.g. …/search_bench); this one is {name}."
        )
    engine = f"{connection.vendor} ({name})"
    built = build(entries, seed=seed, say=say, progress=progress)
    say(
        f"Bench entries on {engine}: {entries:,}, "
        + (f"written and indexed in {built:.1f} s." if built else "reused (built before).")
    )
    chosen = queries(seed=seed)
    search_query.run(chosen[0])  # a first query warms the caches of both sides alike
    search, sampled, plain, counts = time_queries(chosen)
    totals = [total for total, _ in counts]
    beyond = sum(more for _, more in counts)
    say(
        f"{len(chosen)} queries (seed {seed}; 1–3 words, common, tail and rare; half with "
        f"facet filters): matches per query median {statistics.median(totals):,.0f}; "
        f"{beyond} match more than {search_query.MATCH_LIMIT:,} (the newest ranked and counted)."
    )
    say(f"{'':<44}{'count':>6}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    say(search.line())
    say(sampled.line())
    say(plain.line())
    ratio = statistics.median(plain.seconds) / statistics.median(sampled.seconds)
    p95 = search.percentile(0.95) * 1000
    say(
        f"The baseline takes {ratio:.1f}× the search's median time on the same queries "
        f"({plain.percentile(0.95) / sampled.percentile(0.95):.1f}× at p95). Target: p95 under "
        f"{TARGET_P95_MS:g} ms — {'met' if p95 < TARGET_P95_MS else 'NOT met'} ({p95:.1f} ms)."
    )
    return p95 < TARGET_P95_MS
