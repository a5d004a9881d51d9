"""Background tasks (django-tasks): the daily digest, for installations that schedule it through the worker."""

from django_tasks import task

from vanhoa.deadlines import digest


@task()
def send_due_digest() -> dict[str, int]:
    return digest.send_digests()
