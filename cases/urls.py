from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("cases.intake.urls")),
    path("", include("cases.notifications.urls")),
    path("", include("cases.handling.urls")),
    path("", include("cases.dashboard.urls")),
]
