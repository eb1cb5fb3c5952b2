"""Records that move to other platforms: a certificate as an Open Badges 3.0
credential (JSON-LD), and learning as xAPI statements.

The credential is unsigned: it carries no `proof` yet, so a wallet can read
it but not verify it cryptographically; the public verification page (its
`id`) is the check for now. The holder appears only as a salted hash.
"""

from __future__ import annotations

import hashlib
import uuid

from wagtail import hooks

from .models import Certificate, CourseCompletion, LessonProgress

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
XAPI_COMPLETED = {
    "id": "http://adlnet.gov/expapi/verbs/completed",
    "display": {"zh-CN": "完成", "en-US": "completed"},
}
XAPI_ATTENDED = {
    "id": "http://adlnet.gov/expapi/verbs/attended",
    "display": {"zh-CN": "参加", "en-US": "attended"},
}
XAPI_ACTIVITY = "http://adlnet.gov/expapi/activities/"
# Statement ids are stable, so exporting twice never creates duplicates downstream.
STATEMENT_NAMESPACE = uuid.UUID("6f0d3a47-2f0b-4c5e-9d3a-6b1f5d9c2e11")


def open_badge(certificate: Certificate, *, site: str, verify_url: str) -> dict:
    """The certificate as an OpenBadgeCredential."""
    salt = certificate.code[:8]
    identity = hashlib.sha256(f"{certificate.learner_id}{salt}".encode()).hexdigest()
    course_url = site.rstrip("/") + (certificate.completion.course.url or "/")
    credential = {
        "@context": OB3_CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": site,
            "type": ["Profile"],
            "name": certificate.institution_name or site,
        },
        "validFrom": certificate.issued_at.isoformat(),
        "name": f"结业证书：{certificate.course_title}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": True,
                    "identityHash": f"sha256${identity}",
                    "salt": salt,
                }
            ],
            "creditsEarned": float(certificate.credits),
            "activityEndDate": certificate.issued_at.isoformat(),
            "achievement": {
                "id": course_url,
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": certificate.course_title,
                "description": f"完成《{certificate.course_title}》的全部必学微课",
                "criteria": {"narrative": "学完课程的全部必学微课（音视频看完 90%）"},
                "creditsAvailable": float(certificate.credits),
                "inLanguage": "zh-CN",
            },
        },
    }
    if certificate.revoked_at:
        credential["validUntil"] = certificate.revoked_at.isoformat()
    return credential


def xapi_statement(learner, *, site: str, key: str, url: str, title: str, kind: str,
               when, seconds: float | None,
               verb: dict = XAPI_COMPLETED) -> dict:  # fmt: skip
    statement = {
        "id": str(uuid.uuid5(STATEMENT_NAMESPACE, f"{learner.pk}:{key}")),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": site, "name": str(learner.pk)},
        },
        "verb": verb,
        "object": {
            "objectType": "Activity",
            "id": site.rstrip("/") + url,
            "definition": {"name": {"zh-CN": title}, "type": XAPI_ACTIVITY + kind},
        },
        "result": {"completion": True},
        "timestamp": when.isoformat(),
    }
    if seconds:
        minutes = max(1, round(seconds / 60))
        statement["result"]["duration"] = f"PT{minutes}M"
    return statement


def xapi_statements(learner, *, site: str) -> list[dict]:
    """One "completed" statement per finished lesson and course, and whatever
    the ``learning_record_statements`` hooks add (community: one "attended"
    per event the learner was checked in at)."""
    statements = [
        xapi_statement(
            learner,
            site=site,
            key=f"lesson:{row.lesson_id}",
            url=row.lesson.url or "/",
            title=row.lesson.title,
            kind="lesson",
            when=row.completed_at,
            seconds=row.watched_seconds,
        )  # fmt: skip
        for row in LessonProgress.objects.filter(
            learner=learner, completed_at__isnull=False
        ).select_related("lesson")
    ]
    statements += [
        xapi_statement(
            learner,
            site=site,
            key=f"course:{done.course_id}",
            url=done.course.url or "/",
            title=done.course.title,
            kind="course",
            when=done.completed_at,
            seconds=None,
        )  # fmt: skip
        for done in CourseCompletion.objects.filter(learner=learner).select_related(
            "course"
        )
    ]
    for fn in hooks.get_hooks("learning_record_statements"):
        statements += fn(learner, site=site)
    return sorted(statements, key=lambda statement: statement["timestamp"])
