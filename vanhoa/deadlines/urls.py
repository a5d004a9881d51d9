from django.urls import path

from vanhoa.deadlines import views

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("thu-tom-tat/", views.set_digest, name="reminders-digest"),
    path("lien-ket-lich/", views.reset_feed, name="reminders-feed-reset"),
    path("lich/<str:token>.ics", views.calendar_feed, name="reminders-feed"),
]
