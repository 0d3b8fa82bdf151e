"""The training centre's pages: the catalogue, a course (syllabus, dates,
enrolment), its lessons (content, videos and documents for its learners),
quizzes and their results, my learning, the trainer's dashboard, an office's
view of its members' staff, certificates (PDF, public verification,
revocation), and a lesson's videos for the people who run the course."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from localaction.accounts.access import access_of
from localaction.forms import show_refusal
from localaction.learning import files, permissions, services
from localaction.learning.certificates import certificate_pdf
from localaction.learning.forms import EnrolForm, QuizForm, RevokeForm, StaffEnrolForm, VideoForm
from localaction.learning.models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    Lesson,
    LessonVideo,
    Quiz,
)
from localaction.learning.progress import learner_rows
from localaction.network.models import LocalGovernment, Office
from localaction.tables import CONTENT_TYPES, FORMATS

# --- Helpers ------------------------------------------------------------------------


def _course_or_404(request, slug: str) -> Course:
    course = Course.objects.filter(slug=slug).first()
    if course is None or not permissions.can_see_course(request.user, course):
        raise Http404
    return course


def _studied(request, slug: str) -> tuple[Course, Enrolment | None]:
    """The course, if the person reads its lessons (enrolled, or running it)."""
    course = _course_or_404(request, slug)
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not permissions.can_study(request.user, course):
        raise PermissionDenied
    return course, permissions.enrolment_of(request.user, course)


def _learner(request, slug: str) -> tuple[Course, Enrolment]:
    course, enrolment = _studied(request, slug)
    if enrolment is None:
        raise PermissionDenied
    return course, enrolment


# --- Catalogue and course -------------------------------------------------------


def catalogue(request):
    courses = (
        permissions.visible_courses(request.user)
        .prefetch_related("campaigns", "cohorts")
        .order_by("title")
    )
    return render(request, "learning/catalogue.html", {"courses": courses})


def course(request, slug: str):
    course = _course_or_404(request, slug)
    enrolment = permissions.enrolment_of(request.user, course)
    modules = course.modules.prefetch_related("lessons", "quizzes")
    done: set[int] = set()
    completion = None
    if enrolment:
        done = set(
            enrolment.progress.filter(done_at__isnull=False).values_list("lesson_id", flat=True)
        )
        completion = services.completion_of(enrolment)
    runs = permissions.runs_course(request.user, course)
    roles = permissions.enrollable_people(request.user) if course.live else []
    return render(
        request,
        "learning/course.html",
        {
            "course": course,
            "modules": modules,
            "final_quizzes": course.quiz_set.filter(module__isnull=True),
            "enrolment": enrolment,
            "completion": completion,
            "done": done,
            "runs": runs,
            "enrol_form": EnrolForm(course=course) if course.live and not enrolment else None,
            "staff_form": StaffEnrolForm(course=course, roles=roles) if roles else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def enrol(request, slug: str):
    course = _course_or_404(request, slug)
    form = EnrolForm(request.POST, course=course)
    if form.is_valid():
        try:
            services.course_enrol(
                course=course, user=request.user, cohort=form.cleaned_data.get("cohort")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are enrolled. Welcome to the course."))
    else:
        messages.error(request, _("Choose a cohort whose enrolment is open."))
    return redirect(course)


@login_required
@require_POST
def enrol_staff(request, slug: str):
    """An office enrols a member's staff (a person with a role at a member it covers)."""
    course = _course_or_404(request, slug)
    if not permissions.can_enrol_others(request.user):
        raise PermissionDenied
    form = StaffEnrolForm(
        request.POST, course=course, roles=permissions.enrollable_people(request.user)
    )
    if form.is_valid():
        role = form.roles[form.cleaned_data["person"]]
        try:
            services.course_enrol(
                course=course,
                user=role.user,
                cohort=form.cleaned_data.get("cohort"),
                by=request.user,
                local_government=role.local_government,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(person)s is enrolled.") % {"person": role.user.get_full_name() or role.user},
            )
    else:
        messages.error(request, _("Choose a person (and an open cohort) to enrol."))
    return redirect(course)


# --- Lessons ------------------------------------------------------------------------


def lesson(request, slug: str, pk: int):
    course, enrolment = _studied(request, slug)
    lesson = get_object_or_404(
        Lesson.objects.select_related("module"), pk=pk, module__course=course
    )
    lessons = list(course.lessons())
    position = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    progress = None
    completion = None
    if enrolment:
        progress = services.lesson_reach(enrolment=enrolment, lesson=lesson)
        completion = services.completion_of(enrolment)
    return render(
        request,
        "learning/lesson.html",
        {
            "course": course,
            "lesson": lesson,
            "enrolment": enrolment,
            "progress": progress,
            "completion": completion,
            "previous": lessons[position - 1] if position > 0 else None,
            "next": lessons[position + 1] if position + 1 < len(lessons) else None,
            "position": position + 1,
            "count": len(lessons),
            "runs": permissions.runs_course(request.user, course),
            "quizzes": lesson.module.quizzes.all()
            if position + 1 == len(lessons) or lessons[position + 1].module_id != lesson.module_id
            else [],
        },
    )


@login_required
@require_POST
def lesson_done(request, slug: str, pk: int):
    course, enrolment = _learner(request, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    services.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    if enrolment.completed_at:
        messages.success(request, _("Course complete: your certificate is ready."))
        return redirect("learning:mine")
    following = (
        course.lessons().filter(module__order__gte=lesson.module.order).exclude(pk=lesson.pk)
    )
    following = [
        item
        for item in following
        if (item.module.order, item.order) > (lesson.module.order, lesson.order)
    ]
    return redirect(following[0] if following else course)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _file_chunks(handle, start: int, length: int):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def ranged_response(request, handle, *, size: int, content_type: str):
    """The file whole (200), or the one byte range asked (206, for seeking in a
    video), or 416 when the range lies outside it. Several ranges in one
    request are answered whole, as HTTP allows."""
    header = request.headers.get("Range", "")
    match = _RANGE.match(header.strip()) if header else None
    if match is None or (not match[1] and not match[2]):
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        first, last = match[1], match[2]
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start = max(0, size - int(last))
            end = size - 1
        if start >= size or end < start:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _file_chunks(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def video(request, slug: str, pk: int):
    """A lesson's video, to the course's learners and the people who run it."""
    course, _enrolment = _studied(request, slug)
    item = get_object_or_404(LessonVideo, pk=pk, lesson__module__course=course)
    return ranged_response(
        request, item.file.open("rb"), size=item.file.size, content_type=item.content_type
    )


def document(request, slug: str, pk: int):
    """A lesson's document (Wagtail Documents), to the course's learners and runners."""
    course, _enrolment = _studied(request, slug)
    item = get_object_or_404(get_document_model(), pk=pk, lessons__module__course=course)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _run(request, slug: str) -> Course:
    """The course, if the person runs it (a draft is a 404 to anyone else)."""
    course = _course_or_404(request, slug)
    if not permissions.runs_course(request.user, course):
        raise PermissionDenied
    return course


@login_required
def lesson_videos(request, slug: str, pk: int):
    """The lesson's videos for the people who run the course: add one, remove one."""
    course = _run(request, slug)
    lesson = get_object_or_404(
        Lesson.objects.select_related("module"), pk=pk, module__course=course
    )
    form = VideoForm(request.POST or None, request.FILES or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.video_add(
                by=request.user,
                lesson=lesson,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The video is added to the lesson."))
            return redirect("learning:lesson-videos", course.slug, lesson.pk)
    return render(
        request,
        "learning/lesson_videos.html",
        {"course": course, "lesson": lesson, "videos": lesson.videos.all(), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def video_remove(request, slug: str, pk: int):
    course = _run(request, slug)
    item = get_object_or_404(
        LessonVideo.objects.select_related("lesson"), pk=pk, lesson__module__course=course
    )
    services.video_remove(by=request.user, video=item)
    messages.success(request, _("The video “%(title)s” is removed.") % {"title": item.title})
    return redirect("learning:lesson-videos", course.slug, item.lesson_id)


# --- Quizzes -----------------------------------------------------------------------


def quiz(request, slug: str, pk: int):
    course, enrolment = _studied(request, slug)
    quiz = get_object_or_404(Quiz, pk=pk, course=course)
    form = QuizForm(request.POST or None, quiz=quiz)
    status = 200
    if request.method == "POST":
        if enrolment is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                attempt = services.attempt_submit(
                    enrolment=enrolment, quiz=quiz, answers=form.answers()
                )
            except ValidationError as error:
                show_refusal(form, error)
                status = 400
            else:
                return redirect(attempt)
        else:
            status = 400
    attempts = list(quiz.attempts.filter(enrolment=enrolment)) if enrolment else []
    deadline = enrolment.deadline(quiz) if enrolment else quiz.due_on
    closed = None
    if enrolment:
        if deadline and timezone.localdate() > deadline:
            closed = _("The deadline of this quiz was %(day)s: attempts are closed.") % {
                "day": deadline
            }
        elif len(attempts) >= quiz.attempts_allowed:
            closed = _("You have used the %(count)s attempts allowed at this quiz.") % {
                "count": quiz.attempts_allowed
            }
    return render(
        request,
        "learning/quiz.html",
        {
            "course": course,
            "quiz": quiz,
            "form": form,
            "enrolment": enrolment,
            "attempts": attempts,
            "deadline": deadline,
            "closed": closed,
            "left": quiz.attempts_allowed - len(attempts),
        },
        status=status,
    )


def attempt(request, slug: str, pk: int):
    """An attempt's result with the feedback on every answer, to its learner and
    to those who see the learner's progress."""
    course = _course_or_404(request, slug)
    if not request.user.is_authenticated:
        raise PermissionDenied
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "enrolment__user"), pk=pk, quiz__course=course
    )
    if not permissions.can_see_enrolment(request.user, attempt.enrolment):
        raise PermissionDenied
    answers = attempt.answers.select_related("question").prefetch_related(
        "choices", "question__choices"
    )
    rows = []
    for answer in answers:
        picked = {choice.pk for choice in answer.choices.all()}
        rows.append(
            {
                "answer": answer,
                "question": answer.question,
                "choices": [
                    (choice, choice.pk in picked) for choice in answer.question.choices.all()
                ],
            }
        )
    return render(
        request,
        "learning/attempt.html",
        {
            "course": course,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "rows": rows,
            "mine": attempt.enrolment.user_id == request.user.pk,
            "left": services.attempts_left(attempt.enrolment, attempt.quiz),
        },
    )


# --- My learning, dashboards -----------------------------------------------------


@login_required
def mine(request):
    enrolments = (
        Enrolment.objects.filter(user=request.user)
        .select_related("course", "cohort")
        .order_by("-enrolled_at")
    )
    rows = [
        (
            enrolment,
            services.completion_of(enrolment),
            Certificate.objects.filter(enrolment=enrolment).first(),
        )
        for enrolment in enrolments
    ]
    return render(request, "learning/mine.html", {"rows": rows})


@login_required
def learners(request, slug: str):
    """The trainer's dashboard: the course's learners and their progress."""
    course = _course_or_404(request, slug)
    if not permissions.runs_course(request.user, course):
        raise PermissionDenied
    rows = learner_rows(course, Enrolment.objects.all())
    return render(
        request,
        "learning/learners.html",
        {
            "course": course,
            "rows": rows,
            "completed": sum(1 for row in rows if row.enrolment.completed_at),
        },
    )


@login_required
def learners_download(request, slug: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    course = _course_or_404(request, slug)
    if not permissions.runs_course(request.user, course):
        raise PermissionDenied
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{course.slug}-learners-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    files.export_learners(course, Enrolment.objects.all(), format=file_format, target=response)
    return response


@login_required
def office(request, code: str):
    """An office's view: enrolments and completions of the staff of the members it covers."""
    office = get_object_or_404(Office, code=code)
    access = access_of(request.user)
    if not (access.is_secretariat or office.pk in access.offices):
        raise PermissionDenied
    enrolments = Enrolment.objects.select_related(
        "user", "course", "local_government", "certificate"
    ).order_by("local_government__name", "user__username", "course__title")
    if office.kind != Office.Kind.WORLD:
        enrolments = enrolments.filter(
            local_government__in=LocalGovernment.objects.covered_by(
                region_ids=office.regions.all(), country_codes=office.countries.all()
            )
        )
    return render(
        request,
        "learning/office.html",
        {
            "office": office,
            "enrolments": enrolments,
            "completions": enrolments.filter(completed_at__isnull=False).count(),
        },
    )


# --- Certificates ------------------------------------------------------------------


def verify(request, code: str):
    """Public: whether a certificate is valid or revoked (when, and why)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__user", "enrolment__course"), code=code
    )
    user = certificate.enrolment.user
    return render(
        request,
        "learning/verify.html",
        {
            "certificate": certificate,
            "learner": user.get_full_name() or user.username,
            "course": certificate.enrolment.course,
            "can_revoke": permissions.can_revoke(request.user, certificate),
            "revoke_form": RevokeForm(),
        },
    )


def certificate_download(request, code: str):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__user", "enrolment__course"), code=code
    )
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not permissions.can_see_enrolment(request.user, certificate.enrolment):
        raise PermissionDenied
    if certificate.is_revoked:
        messages.error(request, _("This certificate was revoked; it is no longer printed."))
        return redirect(certificate)
    response = HttpResponse(certificate_pdf(certificate), content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
@require_POST
def revoke(request, code: str):
    certificate = get_object_or_404(Certificate, code=code)
    if not permissions.can_revoke(request.user, certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The certificate is revoked."))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect(certificate)
