"""The forms of the knowledge pages. They parse; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from moneyed import CURRENCIES

from localaction.campaigns.models import Action, Campaign, Target
from localaction.core import gpc
from localaction.core.quantities import DESCRIPTION_LENGTH
from localaction.inventories.models import Inventory
from localaction.knowledge.models import (
    CaseStudy,
    CaseStudyFigure,
    Publication,
    Recognition,
    Series,
)
from localaction.knowledge.services import PUBLICATION_FIELDS
from localaction.network.models import LocalGovernment, Region

RICH_HELP = _(
    "Paragraphs, headings, bold, italic, lists and links are kept; anything else "
    "(scripts, styles, images) is removed."
)


def _sector_choices():
    return [(sector.ref, f"{sector.ref} — {sector.name}") for sector in gpc.SECTORS]


def _currency_choices():
    return [(code, code) for code in sorted(CURRENCIES) if code not in {"XXX", "XTS"}]


class CaseStudyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Other members"),
        queryset=LocalGovernment.objects.none(),
        required=False,
        help_text=_("Members that took part, beside the lead member."),
    )
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns"), queryset=Campaign.objects.order_by("name"), required=False
    )
    sectors = forms.MultipleChoiceField(
        label=_("GPC sectors"), choices=_sector_choices, required=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=1000, widget=forms.Textarea)
    problem = forms.CharField(
        label=_("The problem"), required=False, widget=forms.Textarea, help_text=RICH_HELP
    )
    approach = forms.CharField(
        label=_("The approach"), required=False, widget=forms.Textarea, help_text=RICH_HELP
    )
    lessons = forms.CharField(
        label=_("Lessons learnt"), required=False, widget=forms.Textarea, help_text=RICH_HELP
    )
    cost_amount = forms.DecimalField(
        label=_("Cost"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    cost_currency = forms.ChoiceField(
        label=_("Currency"), choices=_currency_choices, initial="EUR", required=False
    )
    funding = forms.CharField(label=_("Funding sources"), max_length=300, required=False)
    go_live_at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        help_text=_("Leave empty to publish as soon as the review approves it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            members if members is not None else LocalGovernment.objects.none()
        ).order_by("name")

    def service_data(self) -> dict:
        data = self.cleaned_data
        cost = None
        if data.get("cost_amount") is not None:
            cost = Money(data["cost_amount"], data.get("cost_currency") or "EUR")
        return {
            "title": data["title"],
            "place": data["place"],
            "sectors": list(data["sectors"]),
            "summary": data["summary"],
            "problem": data["problem"],
            "approach": data["approach"],
            "lessons": data["lessons"],
            "cost": cost,
            "funding": data["funding"],
            "go_live_at": data.get("go_live_at"),
        }

    @staticmethod
    def initial_of(case_study: CaseStudy) -> dict:
        return {
            "title": case_study.title,
            "place": case_study.place,
            "members": [m.pk for m in case_study.members.all()],
            "campaigns": [c.pk for c in case_study.campaigns.all()],
            "sectors": case_study.sectors,
            "summary": case_study.summary,
            "problem": case_study.problem,
            "approach": case_study.approach,
            "lessons": case_study.lessons,
            "cost_amount": case_study.cost.amount if case_study.cost is not None else None,
            "cost_currency": str(case_study.cost.currency)
            if case_study.cost is not None
            else "EUR",
            "funding": case_study.funding,
            "go_live_at": case_study.go_live_at,
        }


class NewCaseStudyForm(CaseStudyForm):
    lead = forms.ModelChoiceField(label=_("Lead member"), queryset=LocalGovernment.objects.none())
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    field_order = ["lead", "language", "title"]

    def __init__(self, *args, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = (
            leads if leads is not None else LocalGovernment.objects.none()
        ).order_by("name")


def figure_sources(member_ids: set[int]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The records of the members a figure may read, grouped by kind:
    ("action:12", "Freiburg — LED street lights"), …"""
    actions = Action.objects.filter(local_government_id__in=member_ids).select_related(
        "local_government"
    )
    targets = Target.objects.filter(local_government_id__in=member_ids).select_related(
        "local_government"
    )
    inventories = Inventory.objects.filter(
        local_government_id__in=member_ids, status=Inventory.Status.PUBLISHED
    ).select_related("local_government")
    return [
        (
            str(CaseStudyFigure.Kind.ACTION.label),
            [(f"action:{a.pk}", f"{a.local_government.name} — {a.title}") for a in actions],
        ),
        (
            str(CaseStudyFigure.Kind.TARGET.label),
            [(f"target:{t.pk}", f"{t.local_government.name} — {t.title}") for t in targets],
        ),
        (
            str(CaseStudyFigure.Kind.INVENTORY.label),
            [(f"inventory:{i.pk}", f"{i.local_government.name} — {i.year}") for i in inventories],
        ),
    ]


class FigureForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    source = forms.ChoiceField(label=_("Read from"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *sources]

    def as_figure(self) -> dict:
        kind, pk = self.cleaned_data["source"].split(":")
        return {"label": self.cleaned_data["label"], "kind": kind, f"{kind}_id": int(pk)}


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))


FigureFormSet = forms.formset_factory(FigureForm, extra=2, can_delete=True, max_num=30)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=10)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("return", _("Return to the writers"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea
    )
    go_live_at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        help_text=_("Leave empty to publish now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class CaseStudyFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.order_by("name"), required=False
    )
    sector = forms.ChoiceField(
        label=_("GPC sector"), choices=lambda: [("", "—"), *_sector_choices()], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )


class PublicationFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("PDF file"))


class PublicationForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Series"), queryset=Series.objects.order_by("title"))
    title = forms.CharField(label=_("Title"), max_length=200)
    authors = forms.CharField(label=_("Authors"), max_length=500, required=False)
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    volume = forms.CharField(label=_("Volume"), max_length=20, required=False)
    published_on = forms.DateField(
        label=_("Date of publication"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    isbn = forms.CharField(
        label=_("ISBN"),
        max_length=17,
        required=False,
        help_text=_("ISBN-10 or ISBN-13; it is checked and written as an ISBN-13 with hyphens."),
    )
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea,
        help_text=RICH_HELP,
    )
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns"), queryset=Campaign.objects.order_by("name"), required=False
    )

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in PUBLICATION_FIELDS}

    @staticmethod
    def initial_of(publication: Publication, *, translation: bool = False) -> dict:
        """The form's values for the publication; for a translation of it, all
        but the ISBN (each language version has its own)."""
        return {
            "series": publication.series_id,
            "title": publication.title,
            "authors": publication.authors,
            "number": publication.number,
            "volume": publication.volume,
            "published_on": publication.published_on,
            "isbn": "" if translation else publication.isbn,
            "abstract": publication.abstract,
            "campaigns": [campaign.pk for campaign in publication.campaigns.all()],
        }


class NewPublicationForm(PublicationForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    field_order = ["series", "language", "title"]


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "kind", "issn", "description"]
        help_texts = {"issn": _("Optional; for example 1354-9839.")}


class RecognitionForm(forms.ModelForm):
    class Meta:
        model = Recognition
        fields = ["office", "local_government", "kind", "name", "year", "citation", "case_study"]

    def __init__(self, *args, offices=None, members=None, case_studies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices.order_by("name")
        self.fields["local_government"].queryset = members.order_by("name")
        self.fields["case_study"].queryset = case_studies
