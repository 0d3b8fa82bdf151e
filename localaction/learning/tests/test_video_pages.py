"""A lesson's videos on the platform: added and removed by the people who run
the course (its trainer, the secretariat), checked by their content and size,
and never left on disk when refused or removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.db.models.sql.compiler import SQLInsertCompiler
from django.urls import reverse

from localaction.learning import services
from localaction.learning.models import LessonVideo
from localaction.learning.tests.conftest import build_course
from localaction.learning.tests.test_pages import PEOPLE, client_for
from localaction.learning.tests.test_services import MP4, WEBM

pytestmark = pytest.mark.django_db

#: An executable's first bytes (a Windows "MZ" header), named as a video.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def expected(who: str, *, page: bool = False) -> int:
    """The people who run the course keep its videos; the editor is its learner."""
    if who in ("trainer", "secretariat"):
        return 200 if page else 302
    return 302 if who == "anonymous" else 403


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def videos_url(built) -> str:
    return reverse("learning:lesson-videos", args=[built.course.slug, built.lessons[0].pk])


def upload(name: str = "intro.mp4", content: bytes = MP4) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def add(cast, built, who="trainer", **changes):
    data = {"title": "Drawing the boundary", "language": "en", "file": upload(), **changes}
    return client_for(cast, built, who).post(videos_url(built), data)


# --- Who keeps the videos ------------------------------------------------------------


@pytest.mark.parametrize("who", (*PEOPLE, "trainer"))
def test_the_videos_page_is_for_the_people_who_run_the_course(built, enrolment, cast, who):
    assert client_for(cast, built, who).get(videos_url(built)).status_code == expected(
        who, page=True
    )
    lesson_page = client_for(cast, built, who).get(built.lessons[0].get_absolute_url())
    link = videos_url(built).encode() in lesson_page.content
    assert link == (who in ("trainer", "secretariat"))


@pytest.mark.parametrize("who", (*PEOPLE, "trainer"))
def test_only_the_people_who_run_the_course_add_a_video(built, enrolment, cast, media, who):
    response = add(cast, built, who)
    assert response.status_code == expected(who)
    assert LessonVideo.objects.exists() == (who in ("trainer", "secretariat"))
    assert bool(stored(media)) == (who in ("trainer", "secretariat"))


@pytest.mark.parametrize("who", (*PEOPLE, "trainer"))
def test_only_the_people_who_run_the_course_remove_a_video(
    built, enrolment, cast, media, who, django_capture_on_commit_callbacks
):
    video = services.video_add(
        by=built.trainer, lesson=built.lessons[0], title="Intro", upload=upload()
    )
    url = reverse("learning:video-remove", args=[built.course.slug, video.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast, built, who).post(url)
    assert response.status_code == expected(who)
    removed = who in ("trainer", "secretariat")
    assert LessonVideo.objects.exists() != removed
    assert bool(stored(media)) != removed


@pytest.mark.parametrize(("who", "status"), [("editor", 404), ("staff", 404), ("anonymous", 302)])
def test_a_draft_courses_videos_page_does_not_exist_for_others(cast, who, status):
    draft = build_course(slug="draft", live=False)
    response = client_for(cast, draft, who).get(videos_url(draft))
    assert response.status_code == status
    assert client_for(cast, draft, "trainer").get(videos_url(draft)).status_code == 200


def test_removing_is_a_post_and_a_video_of_another_course_is_a_404(built, cast, media):
    other = build_course(slug="other", trainer=built.trainer)
    video = services.video_add(
        by=built.trainer, lesson=other.lessons[0], title="Intro", upload=upload()
    )
    client = client_for(cast, built, "trainer")
    assert client.get(reverse("learning:video-remove", args=["other", video.pk])).status_code == 405
    wrong = reverse("learning:video-remove", args=[built.course.slug, video.pk])
    assert client.post(wrong).status_code == 404
    assert LessonVideo.objects.filter(pk=video.pk).exists()


# --- Adding ------------------------------------------------------------------------------


def test_the_trainer_adds_a_video_that_the_learner_then_plays(built, enrolment, cast, media):
    response = add(cast, built, language="es", file=upload("limites.webm", WEBM))
    assert response.status_code == 302 and response["Location"] == videos_url(built)
    video = LessonVideo.objects.get()
    assert (video.title, video.language, video.content_type) == (
        "Drawing the boundary",
        "es",
        "video/webm",
    )
    assert video.size == len(WEBM)
    assert [path.read_bytes() for path in stored(media)] == [WEBM]
    address = reverse("learning:video", args=[built.course.slug, video.pk])
    learner = client_for(cast, built, "editor")
    lesson_page = learner.get(built.lessons[0].get_absolute_url()).content.decode()
    assert address in lesson_page and "Drawing the boundary (Spanish)" in lesson_page
    played = learner.get(address)
    assert b"".join(played.streaming_content) == WEBM


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.mp4", EXECUTABLE, "Only MP4 or WebM videos are accepted; this file is neither."),
        ("setup.exe", MP4, "The file&#x27;s name says otherwise than its content (video/mp4)."),
        ("intro.webm", MP4, "The file&#x27;s name says otherwise than its content (video/mp4)."),
        ("empty.mp4", b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_the_video_it_claims_is_refused_and_not_kept(
    built, cast, media, name, content, message
):
    response = add(cast, built, file=SimpleUploadedFile(name, content, content_type="video/mp4"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LessonVideo.objects.exists()
    assert stored(media) == []


def test_an_oversized_video_is_refused_with_the_limit_and_not_kept(built, cast, media, settings):
    settings.LEARNING_VIDEO_MAX_BYTES = 64
    response = add(cast, built)
    assert response.status_code == 400
    assert f"The video is {len(MP4)}\xa0bytes; at most 64\xa0bytes are accepted." in (
        response.content.decode()
    )
    assert not LessonVideo.objects.exists()
    assert stored(media) == []


def test_a_file_is_not_left_behind_when_its_row_is_not_written(built, cast, media, monkeypatch):
    def stores_then_fails(compiler, *args, **kwargs):
        compiler.as_sql()  # the file field's pre_save: the file is written here
        raise DatabaseError("the disk of the database is full")

    monkeypatch.setattr(SQLInsertCompiler, "execute_sql", stores_then_fails)
    with pytest.raises(DatabaseError):
        services.video_add(by=built.trainer, lesson=built.lessons[0], title="X", upload=upload())
    monkeypatch.undo()
    assert not LessonVideo.objects.exists()
    assert stored(media) == []


def test_the_form_names_a_missing_title_and_file(built, cast, media):
    response = client_for(cast, built, "trainer").post(videos_url(built), {"language": "en"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"title", "file"}
    assert stored(media) == []
