"""The admin of self-assessments: read only. Questionnaires are versions loaded
from their files (`localaction assessments load`), never edited in place, so
that answers keep the text they were given against; assessments, respondents
and answers are written on the site (services.py), where every rule applies."""

from django.contrib import admin

from localaction.sustainability.assessments.models import (
    Assessment,
    AssessmentRespondent,
    Questionnaire,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(_ReadOnly):
    list_display = ["code", "version", "instrument", "level", "combination", "loaded_at"]
    list_filter = ["instrument"]
    search_fields = ["code"]


@admin.register(Assessment)
class AssessmentAdmin(_ReadOnly):
    list_display = ["local_government", "title", "questionnaire", "assessed_on", "status"]
    list_filter = ["status", "questionnaire__code"]
    search_fields = ["local_government__name", "local_government__code", "title"]


@admin.register(AssessmentRespondent)
class AssessmentRespondentAdmin(_ReadOnly):
    list_display = ["assessment", "group", "name", "organisation", "submitted_at"]
    list_filter = ["group"]
    search_fields = ["name", "organisation", "assessment__local_government__name"]
    exclude = ["token"]
