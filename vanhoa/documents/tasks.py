"""Background tasks (django-tasks, database backend; `manage.py db_worker` runs them)."""

from django_tasks import task

from vanhoa.documents import jobs


@task()
def convert_pdf(job_id: int) -> None:
    jobs.run_job(job_id)
