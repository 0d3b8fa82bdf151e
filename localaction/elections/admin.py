"""Elections in the admin (the secretariat's), obeying the same rules as the
pages: an election is prepared on its page (the seats are checked against the
body there) and moved from phase to phase on its administration page; here
only a prepared election's title, dates, quorum and scrutineers are
corrected. Candidacies and voting representatives are shown, not changed:
they are the candidates' and members' own acts.

Ballots and the records of who voted have no admin at all: nobody browses
or changes them (the published list of counted ballots is on the results).
"""

from django.contrib import admin
from django.utils.translation import gettext

from localaction.admin import ObeysServices
from localaction.elections.models import Candidate, Election, VotingRepresentative

EDITABLE_WHEN_PREPARED = (
    "title",
    "quorum_percent",
    "nominations_open_on",
    "nominations_close_on",
    "voting_opens_at",
    "voting_closes_at",
    "scrutineers",
)


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    can_delete = False
    fields = ["person", "local_government", "nominated_by", "nominated_on", "status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Election)
class ElectionAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "body", "phase", "voting_opens_at", "voting_closes_at"]
    list_filter = ["phase", "body"]
    search_fields = ["title"]
    filter_horizontal = ["scrutineers"]
    inlines = [CandidateInline]
    fields = [
        "body",
        "seats",
        "method",
        *EDITABLE_WHEN_PREPARED,
        "phase",
        "counted_at",
        "results_published_at",
    ]

    def has_add_permission(self, request) -> bool:
        # Prepared on its page (elections:prepare), which checks the seats.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.phase == Election.Phase.PREPARED:
            return ["body", "seats", "method", "phase", "counted_at", "results_published_at"]
        return self.fields

    def deletion_refusal(self, obj) -> str | None:
        if obj.phase != Election.Phase.PREPARED:
            return gettext("An announced election stays on record; it is not deleted.")
        return None


@admin.register(VotingRepresentative)
class VotingRepresentativeAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["local_government", "person", "designated_by", "designated_on"]
    search_fields = ["local_government__name", "local_government__code", "person__username"]
    readonly_fields = ["local_government", "person", "designated_by", "designated_on"]

    def has_add_permission(self, request) -> bool:
        # Designated on the member's page, which checks the person is an editor.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
