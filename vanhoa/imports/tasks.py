"""Background tasks (django-tasks, database backend; `manage.py db_worker` runs them)."""

from django_tasks import task

from vanhoa.imports import services


@task()
def preview_import(job_id: int) -> None:
    services.run_preview(job_id)


@task()
def commit_import(job_id: int) -> None:
    services.run_commit(job_id)
