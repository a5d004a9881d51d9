from django.urls import path

from vanhoa.documents import register_views

urlpatterns = [
    path("", register_views.books, name="register-books"),
    path("<int:pk>/", register_views.book, name="register-book"),
]
