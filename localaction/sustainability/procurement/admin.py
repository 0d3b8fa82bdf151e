"""The admin of sustainable procurement: the secretariat keeps the criteria
library here (a revision of a criterion a tender applied becomes a new
version, as on the site) and moderates the boards; members' tenders are read
here and written on the site (services.py)."""

from django.contrib import admin

from localaction.sustainability.procurement import services
from localaction.sustainability.procurement.models import (
    ProcurementAnswer,
    ProcurementCommitment,
    ProcurementCriterion,
    ProcurementProductGroup,
    ProcurementProfessional,
    ProcurementQuestion,
    ProcurementTender,
)


@admin.register(ProcurementProductGroup)
class ProcurementProductGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "calculator", "order"]


@admin.register(ProcurementCriterion)
class ProcurementCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "is_current", "group", "level", "kind"]
    list_filter = ["group", "level", "kind", "is_current"]
    search_fields = ["code", "text"]

    def get_readonly_fields(self, request, obj=None):
        return ["group", "code", "version", "is_current"] if obj is not None else ["version"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        original = ProcurementCriterion.objects.get(pk=obj.pk)
        services.criterion_revise(
            criterion=original,
            level=obj.level,
            kind=obj.kind,
            text=obj.text,
            verification=obj.verification,
            reference=obj.reference,
        )


@admin.register(ProcurementTender)
class ProcurementTenderAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "local_government",
        "group",
        "status",
        "awarded_on",
        "value",
        "currency",
    ]
    list_filter = ["group", "status", "criteria_applied"]
    raw_id_fields = ["local_government"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ProcurementCommitment)
class ProcurementCommitmentAdmin(admin.ModelAdmin):
    list_display = ["local_government", "adopted_on"]
    raw_id_fields = ["local_government"]


@admin.register(ProcurementProfessional)
class ProcurementProfessionalAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "organisation"]
    raw_id_fields = ["user"]


@admin.register(ProcurementQuestion)
class ProcurementQuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "author", "created_at", "is_hidden"]
    list_filter = ["group", "is_hidden"]


@admin.register(ProcurementAnswer)
class ProcurementAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
