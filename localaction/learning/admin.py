"""The training centre in the administration: cohorts, modules, lessons (with
their videos), quizzes (with their questions and choices) are edited here;
courses themselves, with their drafts and revisions, in Wagtail (/cms/,
wagtail_hooks.py). Enrolments, attempts and certificates are read here and
written by the site's own steps (services.py): an attempt is never changed,
and a certificate is revoked on its verification page, with its reason."""

from django.contrib import admin

from localaction.learning.models import (
    Certificate,
    Choice,
    Cohort,
    Enrolment,
    Lesson,
    LessonVideo,
    Module,
    Question,
    Quiz,
)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "starts_on", "ends_on", "capacity", "trainer"]
    list_filter = ["course"]


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["order", "title", "minutes"]
    show_change_link = True
    extra = 0


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "order"]
    list_filter = ["course"]
    inlines = [LessonInline]


class LessonVideoInline(admin.TabularInline):
    model = LessonVideo
    fields = ["title", "language", "file"]
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "order"]
    list_filter = ["module__course"]
    filter_horizontal = ["documents"]
    inlines = [LessonVideoInline]


class QuestionInline(admin.StackedInline):
    model = Question
    show_change_link = True
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "module", "pass_mark", "attempts_allowed", "due_on"]
    list_filter = ["course"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "kind", "points"]
    list_filter = ["quiz__course", "kind"]
    inlines = [ChoiceInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "course", "cohort", "local_government", "enrolled_at", "completed_at"]
    list_filter = ["course"]
    search_fields = ["user__username", "user__last_name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "enrolment", "issued_at", "revoked_at"]
    search_fields = ["code", "enrolment__user__username"]
