"""The demo part builds through the services: published case studies with
figures, a language version, one waiting for review, series, publications
with real PDFs, recognitions."""

from __future__ import annotations

from localaction.knowledge.demo import build_demo_knowledge
from localaction.knowledge.models import (
    CaseStudy,
    Publication,
    PublicationFile,
    Recognition,
    Series,
)


def test_the_demo_part(cast, world):
    case_studies, publications, recognitions = build_demo_knowledge(seed=7)
    assert case_studies == 2  # the cast's two published members
    assert CaseStudy.objects.published().count() >= case_studies
    assert CaseStudy.objects.in_review().count() == 1
    assert Series.objects.count() == 3 and publications == Publication.objects.published().count()
    first = PublicationFile.objects.first()
    with first.document.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert recognitions == Recognition.objects.count() == 2
    freiburg = CaseStudy.objects.published().get(lead=cast.freiburg, locale__language_code="en")
    assert {f.kind for f in freiburg.figures.all()} == {"action", "target", "inventory"}
    # Built once: a second run adds nothing.
    assert build_demo_knowledge(seed=7) == (0, 0, 0)
