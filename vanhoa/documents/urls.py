from django.urls import path

from vanhoa.documents import views

urlpatterns = [
    path("<int:pk>/", views.pdf_job, name="pdf-job"),
    path("<int:pk>/tien-do/", views.pdf_job_progress, name="pdf-job-progress"),
    path("<int:pk>/tai-ve/", views.pdf_job_file, name="pdf-job-file"),
]
