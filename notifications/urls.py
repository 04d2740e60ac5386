from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.centre, name="notifications"),
    path("notifications/read/", views.mark_read, name="notifications-read"),
]
