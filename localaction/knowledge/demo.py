"""The demo's knowledge (`localaction demo`): about twenty case studies of
published members across the regions and campaigns (some in Spanish and
French, some with a language version), their figures read from the members'
published actions, targets and inventories; one waiting for its office's
review; three publication series with ten issues and small real PDFs printed
with WeasyPrint; and recognitions given by the regional offices. Everything
goes through the same services as the pages; the texts are demo texts."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from weasyprint import HTML

from localaction.campaigns.models import Action, Campaign, Target
from localaction.core import gpc
from localaction.inventories.models import Inventory
from localaction.knowledge import services
from localaction.knowledge.models import CaseStudy, Publication, Recognition, Series
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Office
from localaction.pdf import LocalOnlyFetcher

CASE_STUDIES = 20

# (theme, sectors, title, summary, problem, approach, lessons) — {city} is the lead.
STORIES = [
    (
        "Solar roofs on public buildings",
        ["I"],
        "{city} put solar panels on the roofs of its schools and sports halls, "
        "financed by a citizens' cooperative.",
        "Public buildings burned heating oil and bought grid electricity at rising prices.",
        "The council leased the roofs for twenty years to a cooperative of residents, "
        "which financed, built and runs the panels and sells the power to the buildings.",
        "Start with the buildings' owners and the school boards; a model lease saves months.",
    ),
    (
        "Bus rapid transit on the main corridors",
        ["II"],
        "{city} opened dedicated bus lanes on its three busiest corridors.",
        "Congestion slowed buses to walking pace and pushed commuters into cars.",
        "Kerb-separated lanes, level boarding and pre-paid tickets, opened line by line.",
        "Traders along the corridors were won over by footfall counts, not by promises.",
    ),
    (
        "Landfill gas captured for power",
        ["III"],
        "{city} captures the methane of its closed landfill and burns it for electricity.",
        "The closed landfill leaked methane and smelled over nearby neighbourhoods.",
        "Wells and a collection network feed two gas engines run by a private operator.",
        "A measured baseline of the gas flow made the contract and its payments fair.",
    ),
    (
        "Energy-efficient street lighting",
        ["I"],
        "{city} replaced its sodium street lights with LED lamps and dimming.",
        "Street lighting was a fifth of the municipality's electricity bill.",
        "An energy-performance contract paid for the lamps out of the savings.",
        "Pilot streets let residents judge the light before the whole city changed.",
    ),
    (
        "Separate collection of organic waste",
        ["III"],
        "{city} collects kitchen and garden waste apart and composts it.",
        "Organic waste filled the landfill and produced most of its methane.",
        "Brown bins, weekly collection and a compost plant selling to farmers.",
        "Clear bins and clear rules beat campaigns: contamination fell within a year.",
    ),
]

SERIES = [
    ("Local Action Handbooks", "handbooks", Series.Kind.HANDBOOK, ""),
    ("Fact Sheets on Local Climate Action", "fact-sheets", Series.Kind.FACT_SHEET, ""),
    ("Local Sustainability Review", "review", Series.Kind.PERIODICAL, "0028-0836"),
]

PUBLICATIONS = [
    ("handbooks", "Cities for Climate Protection: a handbook", "978-0-19-282080-8", 2008),
    ("handbooks", "Managing local energy: a handbook", "", 2009),
    ("handbooks", "Local Agenda 21 planning guide", "978-0-618-24906-0", 2010),
    ("fact-sheets", "Street lighting", "", 2011),
    ("fact-sheets", "Landfill gas", "", 2011),
    ("fact-sheets", "Bus rapid transit", "", 2012),
    ("review", "Local Sustainability Review 1", "", 2010),
    ("review", "Local Sustainability Review 2", "", 2011),
    ("review", "Local Sustainability Review 3", "", 2012),
    ("review", "Local Sustainability Review 4", "", 2013),
]

TRANSLATIONS = {
    "es": (
        "Techos solares en edificios públicos",
        "{city} instaló paneles solares en sus escuelas.",
    ),
    "fr": ("Toitures solaires des bâtiments publics", "{city} a posé des panneaux sur ses écoles."),
}


def _pdf(title: str, body: str) -> bytes:
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body style='font-family:sans-serif'><h1>{title}</h1><p>{body}</p>"
        "<p>Local Action — the Agency's publications (demo).</p></body></html>"
    )
    return HTML(string=html, url_fetcher=LocalOnlyFetcher()).write_pdf()


def _figures(member: LocalGovernment) -> list[dict]:
    figures = []
    action = (
        Action.objects.filter(local_government=member, is_published=True, impact_tco2e__gt=0)
        .order_by("pk")
        .first()
    )
    if action:
        figures.append({"label": "Emissions avoided", "kind": "action", "action_id": action.pk})
    target = (
        Target.objects.filter(
            local_government=member, is_published=True, reduction_percent__isnull=False
        )
        .order_by("pk")
        .first()
    )
    if target:
        figures.append({"label": "Reduction target", "kind": "target", "target_id": target.pk})
    inventory = (
        Inventory.objects.published().filter(local_government=member).order_by("-year").first()
    )
    if inventory:
        figures.append(
            {"label": "Community emissions", "kind": "inventory", "inventory_id": inventory.pk}
        )
    return figures


def _members(rng: random.Random) -> list[LocalGovernment]:
    """Published members spread over the regions, biggest first within each."""
    by_region: dict[int, list[LocalGovernment]] = {}
    for member in (
        LocalGovernment.objects.published()
        .select_related("country__region")
        .order_by("-population", "code")[:400]
    ):
        by_region.setdefault(member.country.region_id, []).append(member)
    chosen: list[LocalGovernment] = []
    while len(chosen) < CASE_STUDIES and any(by_region.values()):
        for members in by_region.values():
            if members and len(chosen) < CASE_STUDIES:
                chosen.append(members.pop(0))
    rng.shuffle(chosen)
    return chosen


def build_demo_knowledge(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """(case studies, publications, recognitions) built; none without the secretariat."""
    secretariat = User.objects.filter(username="secretariat").first()
    if secretariat is None or CaseStudy.objects.exists():
        return 0, 0, 0
    rng = random.Random(seed)
    campaigns = list(Campaign.objects.order_by("code"))
    members = _members(rng)
    made = []
    for index, member in enumerate(progress(members, "Case studies")):
        theme, sectors, summary, problem, approach, lessons = STORIES[index % len(STORIES)]
        language = "en"
        region = member.country.region.code
        if region == "latin-america-caribbean" and index % 2 == 0:
            language = "es"
        case_study = services.case_study_create(
            by=secretariat,
            lead=member,
            language=language,
            data={
                "title": f"{member.name}: {theme.lower()}"
                if language == "en"
                else f"{member.name}: {TRANSLATIONS['es'][0].lower()}",
                "place": member.name,
                "sectors": [s for s in sectors if s in {x.ref for x in gpc.SECTORS}],
                "summary": summary.format(city=member.name),
                "problem": f"<p>{problem}</p>",
                "approach": f"<p>{approach}</p>",
                "lessons": f"<p>{lessons}</p>",
                "funding": rng.choice(
                    ["Municipal budget", "National climate fund", "Citizens' cooperative"]
                ),
            },
            campaigns=rng.sample(campaigns, min(len(campaigns), 1)),
            figures=_figures(member),
            contacts=[
                {
                    "name": "Sustainability office",
                    "role": "Case study contact",
                    "email": f"sustainability@{member.code}.example.org",
                }
            ],
        )
        services.case_study_submit(case_study, by=secretariat)
        services.case_study_approve(case_study, by=secretariat)
        made.append(case_study)
        if index in (1, 4):
            # A version in another language than the case study's own.
            other = "fr" if index == 1 or language == "es" else "es"
            title, text = TRANSLATIONS[other]
            version = services.case_study_create(
                by=secretariat,
                lead=member,
                language=other,
                data={
                    "title": f"{member.name}: {title.lower()}",
                    "summary": text.format(city=member.name),
                },
                translation_of=case_study,
            )
            services.case_study_submit(version, by=secretariat)
            services.case_study_approve(version, by=secretariat)
    # One waiting for its office on the demo editor's city.
    editor = User.objects.filter(username="editor").first()
    role = editor and editor.roles.filter(local_government__isnull=False).first()
    if role is not None:
        waiting = services.case_study_create(
            by=editor,
            lead=role.local_government,
            language="en",
            data={
                "title": f"{role.local_government.name}: energy advice for households",
                "summary": "Free energy audits for households, with grants for insulation.",
                "approach": "<p>Advisers visit homes and leave a plan of works.</p>",
            },
            figures=_figures(role.local_government),
        )
        services.case_study_submit(waiting, by=editor)
    publications = _publications(secretariat)
    recognitions = _recognitions(rng, secretariat, made)
    return len(made), publications, recognitions


def _publications(secretariat) -> int:
    series = {}
    for title, slug, kind, issn in SERIES:
        one = Series(title=title, slug=slug, kind=kind, issn=issn)
        one.full_clean()
        one.save()
        series[slug] = one
    count = 0
    for number, (slug, title, isbn, year) in enumerate(PUBLICATIONS, start=1):
        publication = Publication(
            series=series[slug],
            title=title,
            slug=f"{slug}-{number}",
            number=str(number),
            published_on=datetime.date(year, 6, 1),
            isbn=isbn,
            authors="Local Action secretariat",
            abstract=f"<p>{title}: what members learnt, and how to start.</p>",
            locale=services.locale_of("en"),
        )
        services.publish_content(publication, by=secretariat)
        languages = ["en", "es"] if number % 3 == 0 else ["en"]
        for language in languages:
            document = get_document_model()(
                title=f"{title} ({language})",
                file=ContentFile(_pdf(title, f"Language: {language}"), name=f"{slug}-{number}.pdf"),
                uploaded_by_user=secretariat,
            )
            document.save()
            publication.files.create(language=language, document=document, downloads=number * 7)
        count += 1
    return count


def _recognitions(rng: random.Random, secretariat, case_studies: list[CaseStudy]) -> int:
    year = timezone.localdate().year - 1
    count = 0
    for index, case_study in enumerate(case_studies[:8]):
        lead = case_study.lead
        office = (
            Office.objects.exclude(kind=Office.Kind.WORLD)
            .filter(regions=lead.country.region_id)
            .first()
        ) or Office.objects.world_secretariat()
        services.recognition_give(
            by=secretariat,
            office=office,
            local_government=lead,
            kind=Recognition.Kind.AWARD if index % 3 == 0 else Recognition.Kind.LABEL,
            name="Local Action Award" if index % 3 == 0 else "Good-practice label",
            year=year - rng.randint(0, 2),
            citation=f"For {case_study.title.split(': ', 1)[-1]}.",
            case_study=case_study,
        )
        count += 1
    return count


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    case_studies, publications, recognitions = build_demo_knowledge(seed=seed, progress=progress)
    return (
        f"Knowledge: {case_studies} case studies, {publications} publications, "
        f"{recognitions} recognitions"
    )
