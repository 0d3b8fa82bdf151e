"""The invitation e-mail of a respondent who has an address: their private link."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from localaction.background.tasks import background
from localaction.sustainability.assessments.models import AssessmentRespondent


@background(attempts=3)
def send_respondent_invitation(respondent_id: int, language: str = settings.LANGUAGE_CODE) -> bool:
    """E-mail the respondent their private answer link, in the inviter's
    language. Not sent (False) once the assessment is closed or the respondent
    has no address."""
    respondent = (
        AssessmentRespondent.objects.select_related(
            "assessment__local_government", "assessment__questionnaire"
        )
        .filter(pk=respondent_id)
        .first()
    )
    if respondent is None or not respondent.email or not respondent.assessment.is_open:
        return False
    with translation.override(language):
        context = {
            "respondent": respondent,
            "assessment": respondent.assessment,
            "member": respondent.assessment.local_government.name,
            "questionnaire": respondent.assessment.questionnaire.name,
            "link": settings.SITE_URL.rstrip("/") + respondent.get_answer_url(),
        }
        subject = render_to_string("sustainability/assessments/invitation_subject.txt", context)
        body = render_to_string("sustainability/assessments/invitation_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [respondent.email])
    return True
