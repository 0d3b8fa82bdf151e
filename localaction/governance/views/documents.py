"""Governance pages: the Charter and By-Laws (routed by `urls`, which
governance/urls.py includes). Everyone reads them, every version.

- The documents, each with the version in force.
- A document's versions, newest first, each with the decision that adopted
  it, and a form to compare any two.
- One version's whole text.
- Two versions side by side (`charter.compare`): the lines removed and added,
  and within a changed line the words, marked with <del> and <ins> and said
  in words for screen readers; texts escaped as every template escapes them.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from localaction.governance import charter, permissions
from localaction.governance.models import DocumentVersion, GoverningDocument


def _versions(document: GoverningDocument):
    return document.versions.select_related("decision__body").order_by("-in_force_from")


def documents(request):
    today = timezone.localdate()
    listed = GoverningDocument.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("decision").order_by("-in_force_from"),
        )
    )
    rows = []
    for document in listed:
        versions = list(document.versions.all())
        in_force = next((v for v in versions if v.in_force_from <= today), None)
        upcoming = [v for v in versions if v.in_force_from > today]
        rows.append((document, in_force, upcoming, len(versions)))
    return render(
        request,
        "governance/documents.html",
        {"rows": rows, "may_define": permissions.can_define_bodies(request.user)},
    )


class CompareForm(forms.Form):
    old = forms.ModelChoiceField(
        label=gettext_lazy("Older version"), queryset=DocumentVersion.objects.none()
    )
    new = forms.ModelChoiceField(
        label=gettext_lazy("Newer version"), queryset=DocumentVersion.objects.none()
    )

    def __init__(self, *args, document: GoverningDocument, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].queryset = _versions(document)
            self.fields[name].label_from_instance = lambda version: (
                f"{version.label} ({version.in_force_from:%Y-%m-%d})"
            )


def document_versions(request, code: str):
    document = get_object_or_404(GoverningDocument, code=code)
    versions = list(_versions(document))
    initial = {}
    if len(versions) >= 2:
        initial = {"old": versions[1].pk, "new": versions[0].pk}
    return render(
        request,
        "governance/document_versions.html",
        {
            "document": document,
            "versions": versions,
            "in_force": document.version_in_force(),
            "form": CompareForm(initial=initial, document=document),
        },
    )


def document_version(request, code: str, pk: int):
    document = get_object_or_404(GoverningDocument, code=code)
    version = get_object_or_404(_versions(document), pk=pk)
    return render(
        request,
        "governance/document_version.html",
        {
            "document": document,
            "version": version,
            "decision_readable": version.decision is not None
            and permissions.can_read_record(request.user, version.decision, version.decision.body),
            "in_force": document.version_in_force(),
        },
    )


def document_compare(request, code: str):
    document = get_object_or_404(GoverningDocument, code=code)
    form = CompareForm(request.GET or None, document=document)
    rows = None
    if form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        if old.in_force_from > new.in_force_from:
            old, new = new, old
        rows = charter.compare(old.text, new.text)
    else:
        old = new = None
    return render(
        request,
        "governance/document_compare.html",
        {"document": document, "form": form, "old": old, "new": new, "rows": rows},
    )


urls: list[URLPattern] = [
    path("governance/charter/", documents, name="documents"),
    path("governance/charter/<slug:code>/", document_versions, name="document-versions"),
    path("governance/charter/<slug:code>/compare/", document_compare, name="document-compare"),
    path("governance/charter/<slug:code>/<int:pk>/", document_version, name="document-version"),
]
