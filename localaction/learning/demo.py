"""The demo's training centre: four courses aligned with the campaigns and the
instruments (each published through a Wagtail revision, with two modules of
lessons with short real texts, a module quiz and a final quiz), a cohort of
the cohort-based one, a trainer (`trainer`), and about sixty learners — staff
of members across the regions, and a few working for no member — with their
progress; about twenty complete a course and get its certificate, one of them
revoked. The demo editor is half-way through the GHG inventory course.

Everything learners do is written through services.py, as the pages write it.
Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign
from localaction.learning import services
from localaction.learning.models import (
    Certificate,
    Choice,
    Cohort,
    Course,
    Enrolment,
    Lesson,
    Module,
    Question,
    Quiz,
)
from localaction.network.demo import DemoLogin, Progress, no_progress
from localaction.network.models import LocalGovernment, Region

LEARNERS = 60
COMPLETIONS = 20
WITHOUT_MEMBER = 6
DEMO_PASSWORD = "localaction"

# (choice text, correct, feedback)
C = tuple[str, bool, str]

COURSES: list[dict] = [
    {
        "slug": "first-ghg-inventory",
        "title": "Your first GHG inventory (GPC BASIC)",
        "summary": "Build a city-wide greenhouse-gas inventory at the GPC's BASIC level, "
        "from the boundary to the first results.",
        "campaigns": ["ccp"],
        "instruments": ["ghg-inventory", "targets"],
        "hours": 4,
        "modules": [
            (
                "Boundaries and scopes",
                [
                    (
                        "The inventory boundary",
                        "<p>A city inventory covers the activities within the local "
                        "government's geographic boundary for one calendar year. Choose the "
                        "boundary first, write it down, and keep it for every later year: "
                        "comparisons over time depend on it.</p>",
                    ),
                    (
                        "Scopes 1, 2 and 3",
                        "<p><strong>Scope 1</strong> emissions occur within the boundary "
                        "(burning gas in buildings, fuel in vehicles). <strong>Scope 2</strong> "
                        "come from grid electricity, heat or steam used within the boundary. "
                        "<strong>Scope 3</strong> occur outside it because of activities "
                        "within it, such as waste sent to a landfill elsewhere.</p>",
                    ),
                ],
                [
                    (
                        "single",
                        "Electricity bought from the grid and used in the town hall is in…",
                        [
                            ("Scope 1", False, "No: nothing is burnt in the town hall."),
                            ("Scope 2", True, "Yes: grid energy used within the boundary."),
                            ("Scope 3", False, "No: scope 2 covers grid electricity."),
                        ],
                    ),
                    (
                        "numeric",
                        "A bus fleet burns 10,000 litres of diesel; at 2.68 kg CO2 per "
                        "litre, how many tonnes of CO2 is that?",
                        (26.8, 0.05, "relative", "t CO2"),
                    ),
                ],
            ),
            (
                "BASIC results",
                [
                    (
                        "What BASIC covers",
                        "<p>BASIC reports stationary energy and transportation (scopes 1 and "
                        "2) and waste (scopes 1 and 3). BASIC+ adds industrial processes, "
                        "agriculture and land use, and transboundary transport.</p>",
                    ),
                    (
                        "Notation keys",
                        "<p>Where a source is not estimated, say why with a notation key: "
                        "<em>NO</em> (not occurring), <em>IE</em> (included elsewhere), "
                        "<em>NE</em> (not estimated) or <em>C</em> (confidential).</p>",
                    ),
                ],
                [],
            ),
        ],
        "final": [
            (
                "multiple",
                "Which sectors does BASIC cover? (partial credit)",
                [
                    ("Stationary energy", True, "Yes."),
                    ("Transportation", True, "Yes."),
                    ("Waste", True, "Yes."),
                    ("Agriculture, forestry and land use", False, "No: that is BASIC+."),
                ],
            ),
        ],
    },
    {
        "slug": "ecobudget-in-practice",
        "title": "ecoBUDGET in practice",
        "summary": "Manage natural resources like money: a master budget, a council "
        "adoption and a balance at the year's end.",
        "campaigns": ["local-agenda-21"],
        "instruments": ["ecobudget"],
        "hours": 6,
        "pacing": Course.Pacing.COHORT,
        "modules": [
            (
                "The environmental master budget",
                [
                    (
                        "Resources as accounts",
                        "<p>ecoBUDGET treats the natural resources a city depends on — "
                        "climate stability, water, land, air quality — as accounts, each "
                        "measured by an indicator in physical units.</p>",
                    ),
                    (
                        "Short- and long-term targets",
                        "<p>The master budget sets a target for the budget year and a "
                        "long-term target for each indicator; the council adopts it like "
                        "the financial budget.</p>",
                    ),
                ],
                [
                    (
                        "single",
                        "Who adopts the environmental master budget?",
                        [
                            ("The council", True, "Yes: as with the financial budget."),
                            ("The environment department", False, "It prepares it only."),
                        ],
                    ),
                ],
            ),
            (
                "The budget balance",
                [
                    (
                        "Target against actual",
                        "<p>At the year's end the balance compares each indicator's actual "
                        "value with its target: a surplus or a deficit, read by the "
                        "indicator's direction.</p>",
                    ),
                    (
                        "The next cycle",
                        "<p>The council discusses the balance and the next master budget "
                        "learns from it: the cycle repeats every year.</p>",
                    ),
                ],
                [],
            ),
        ],
        "final": [
            (
                "numeric",
                "Target 120 litres per person a day, actual 126: by how many litres "
                "is the budget in deficit?",
                (6.0, 0.0, "absolute", "l"),
            ),
        ],
    },
    {
        "slug": "procura-plus",
        "title": "Sustainable procurement with Procura+",
        "summary": "Write sustainability criteria into tenders and measure what they save.",
        "campaigns": ["procura"],
        "instruments": ["procurement"],
        "hours": 3,
        "modules": [
            (
                "Criteria in tenders",
                [
                    (
                        "Core and comprehensive criteria",
                        "<p>Core criteria are easy to apply and verify; comprehensive ones "
                        "aim at the best products on the market. Start with core criteria "
                        "in the product groups you buy most.</p>",
                    ),
                    (
                        "Verification",
                        "<p>Ask for evidence you can check: an ecolabel, a test report, a "
                        "guarantee of origin cancelled for your consumption.</p>",
                    ),
                ],
                [
                    (
                        "multiple",
                        "Which are acceptable evidence of a criterion? (all or nothing)",
                        [
                            ("An ecolabel licence", True, "Yes."),
                            ("A test report", True, "Yes."),
                            ("The supplier's own brochure", False, "No: it proves nothing."),
                        ],
                    ),
                ],
            ),
            (
                "Measuring savings",
                [
                    (
                        "The green share",
                        "<p>The green share is the value of tenders that applied "
                        "sustainability criteria over the value of all tenders.</p>",
                    ),
                    (
                        "CO2 and cost savings",
                        "<p>Each product group's calculator compares the offer with the "
                        "baseline it replaces and states its formula.</p>",
                    ),
                ],
                [],
            ),
        ],
        "final": [
            (
                "numeric",
                "Tenders of 2 million, of which 1.5 million applied criteria: what is the "
                "green share in percent?",
                (75.0, 0.5, "absolute", "%"),
            ),
        ],
    },
    {
        "slug": "la21-self-assessment",
        "title": "Local Agenda 21 self-assessment",
        "summary": "Run the LA21 self-assessment with your stakeholders and read its results.",
        "campaigns": ["local-agenda-21"],
        "instruments": ["assessments", "agendas"],
        "hours": 2,
        "modules": [
            (
                "Preparing the assessment",
                [
                    (
                        "Who answers",
                        "<p>Invite several respondents — council, administration, civil "
                        "society — so that the results show where views differ.</p>",
                    ),
                    (
                        "The questionnaire",
                        "<p>Each section scores a part of the Local Agenda 21 process, from "
                        "the stakeholder forum to monitoring.</p>",
                    ),
                ],
                [],
            ),
            (
                "Reading the results",
                [
                    (
                        "Scores by section",
                        "<p>The radar chart shows each section's score; compare it with the "
                        "previous assessment and the regional benchmark.</p>",
                    ),
                ],
                [],
            ),
        ],
        "final": [
            (
                "single",
                "Why invite respondents from several groups?",
                [
                    ("To see where views differ", True, "Yes: the results show it."),
                    ("To raise the score", False, "No: scores are not summed to inflate."),
                ],
            ),
        ],
    },
]


def _questions(quiz: Quiz, items) -> None:
    for order, (kind, text, spec) in enumerate(items, start=1):
        if kind == "numeric":
            expected, tolerance, tolerance_kind, unit = spec
            Question.objects.create(
                quiz=quiz, order=order, kind=kind, text=text, expected=expected,
                tolerance=tolerance, tolerance_kind=tolerance_kind, unit=unit,
                feedback_right="Right.", feedback_wrong=f"The answer is {expected:g} {unit}.",
            )  # fmt: skip
            continue
        rule = "partial" if "partial" in text else "all-or-nothing"
        question = Question.objects.create(
            quiz=quiz, order=order, kind=kind, text=text, rule=rule, points=len(spec) - 1 or 1
        )
        for position, (choice, correct, feedback) in enumerate(spec, start=1):
            Choice.objects.create(
                question=question, order=position, text=choice, correct=correct, feedback=feedback
            )


def _build_course(spec: dict, trainer: User) -> Course:
    course = Course.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        description=f"<p>{spec['summary']}</p>",
        language="en",
        instruments=spec["instruments"],
        pacing=spec.get("pacing", Course.Pacing.SELF),
        hours=spec["hours"],
        live=False,
    )
    course.campaigns.set(Campaign.objects.filter(code__in=spec["campaigns"]))
    course.trainers.add(trainer)
    for order, (title, lessons, quiz) in enumerate(spec["modules"], start=1):
        module = Module.objects.create(course=course, order=order, title=title)
        for position, (lesson, content) in enumerate(lessons, start=1):
            Lesson.objects.create(module=module, order=position, title=lesson, content=content)
        if quiz:
            _questions(
                Quiz.objects.create(course=course, module=module, title=f"Quiz: {title}"), quiz
            )
    _questions(Quiz.objects.create(course=course, title="Final quiz", pass_mark=60), spec["final"])
    # Published through a revision, as the secretariat publishes in /cms/.
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def _right_answers(quiz: Quiz) -> dict:
    answers: dict = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == Question.Kind.NUMERIC:
            answers[question.pk] = f"{question.expected:g}"
        else:
            answers[question.pk] = [c.pk for c in question.choices.all() if c.correct]
    return answers


def _wrong_answers(quiz: Quiz) -> dict:
    answers: dict = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == Question.Kind.NUMERIC:
            answers[question.pk] = f"{(question.expected or 0) * 3 + 7:g}"
        else:
            answers[question.pk] = [c.pk for c in question.choices.all() if not c.correct][:1]
    return answers


def _learners(rng: random.Random) -> list[User]:
    """Demo learners: staff of published members spread over the regions (a
    viewer role each), and a few working for no member."""
    by_region = {
        region.pk: list(
            LocalGovernment.objects.filter(is_published=True, country__region=region)
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
        )
        for region in Region.objects.order_by("pk")
    }
    by_region = {region: pks for region, pks in by_region.items() if pks}
    regions = sorted(by_region)
    people = []
    for n in range(1, LEARNERS + 1):
        user = User.objects.create_user(
            f"learner{n:02d}", f"learner{n:02d}@example.org", DEMO_PASSWORD,
            first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
        )  # fmt: skip
        if n > WITHOUT_MEMBER and regions:
            region = regions[n % len(regions)]
            Role.objects.create(
                user=user,
                kind=Role.Kind.VIEWER,
                local_government_id=rng.choice(by_region[region]),
            )
        people.append(user)
    return people


FIRST_NAMES = ("Ana", "Ben", "Chen", "Dalia", "Emeka", "Farah", "Gustavo", "Hana", "Ivan",
               "Joy", "Kwame", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Rosa", "Sven",
               "Tomás", "Yuki")  # fmt: skip
LAST_NAMES = ("Abebe", "Bianchi", "Costa", "Dubois", "Eriksen", "Fujita", "García", "Haddad",
              "Ivanova", "Kamau", "Lindqvist", "Mendes", "Nguyen", "Oyelaran", "Patel",
              "Quispe", "Rahman", "Silva", "Tanaka", "Usman")  # fmt: skip


@transaction.atomic
def build_demo_learning(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """(courses, enrolments, certificates) built."""
    rng = random.Random(seed * 17 + 4)
    trainer = User.objects.create_user(
        "trainer", "trainer@example.org", DEMO_PASSWORD, first_name="Ana", last_name="Ferreira"
    )
    courses = [_build_course(spec, trainer) for spec in progress(COURSES, "Courses")]
    today = timezone.localdate()
    cohort_course = next(c for c in courses if c.pacing == Course.Pacing.COHORT)
    cohort = Cohort.objects.create(
        course=cohort_course,
        name=f"Autumn {today.year}",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        enrolment_opens=today - datetime.timedelta(days=60),
        enrolment_closes=today + datetime.timedelta(days=14),
        capacity=40,
        trainer=trainer,
    )
    people = _learners(rng)
    completed = 0
    for index, user in enumerate(progress(people, "Learners")):
        course = courses[index % len(courses)]
        enrolment = services.course_enrol(
            course=course, user=user, cohort=cohort if course == cohort_course else None
        )
        lessons = list(course.lessons())
        quizzes = list(course.quiz_set.order_by("pk"))
        finishing = completed < COMPLETIONS and rng.random() < 0.45
        done = len(lessons) if finishing else rng.randint(0, len(lessons))
        for lesson in lessons[:done]:
            services.lesson_mark_done(enrolment=enrolment, lesson=lesson)
        if done == len(lessons):
            for quiz in quizzes:
                if rng.random() < 0.3:  # a failed first try, then a pass
                    services.attempt_submit(
                        enrolment=enrolment, quiz=quiz, answers=_wrong_answers(quiz)
                    )
                if finishing:
                    services.attempt_submit(
                        enrolment=enrolment, quiz=quiz, answers=_right_answers(quiz)
                    )
        enrolment.refresh_from_db()
        completed += enrolment.completed_at is not None
        # Enrolled earlier in the year (never before its first day).
        days = rng.randint(0, min(120, (today - datetime.date(today.year, 1, 1)).days))
        Enrolment.objects.filter(pk=enrolment.pk).update(
            enrolled_at=timezone.now() - datetime.timedelta(days=days)
        )
    # The demo editor is half-way through the GHG inventory course.
    editor = User.objects.filter(username="editor").first()
    if editor is not None:
        enrolment = services.course_enrol(course=courses[0], user=editor)
        for lesson in list(courses[0].lessons())[:2]:
            services.lesson_mark_done(enrolment=enrolment, lesson=lesson)
    revoked = Certificate.objects.order_by("pk").first()
    if revoked is not None:
        services.certificate_revoke(
            certificate=revoked,
            by=trainer,
            reason="Issued in error: the final quiz was taken by a colleague.",
        )
    return len(courses), Enrolment.objects.count(), Certificate.objects.count()


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    courses, enrolments, certificates = build_demo_learning(seed=seed, progress=progress)
    return (
        f"Training centre: {courses} courses, {enrolments} enrolments, "
        f"{certificates} certificates (one revoked); trainer login `trainer`"
    )


def demo_logins() -> list[DemoLogin]:
    """The demo's trainer and learners, when the demo built them."""
    trainer = User.objects.filter(username="trainer").first()
    if trainer is None:
        return []
    courses = Course.objects.filter(trainers=trainer).count()
    learners = User.objects.filter(username__regex=r"^learner[0-9]+$").order_by("username")
    names = list(learners.values_list("username", flat=True))
    logins = [DemoLogin("trainer", DEMO_PASSWORD, f"trainer of {courses} courses")]
    if names:
        logins.append(
            DemoLogin(f"{names[0]} … {names[-1]}", DEMO_PASSWORD, f"{len(names)} learners")
        )
    return logins
