from django.urls import path

from . import views

urlpatterns = [
    path("intake/new/", views.counter, name="intake-counter"),
    path("intake/lookup/", views.lookup, name="intake-lookup"),
    path("intake/today/", views.today, name="intake-today"),
    path("intake/<int:pk>/receipt/", views.receipt, name="intake-receipt"),
    path("s/<str:code>/", views.web_form, name="web-form"),
    path("s/<str:code>/done/", views.web_done, name="web-done"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/<str:code>/poster/", views.poster, name="platform-poster"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_case, name="track-case"),
    path("track/<str:code>/review/", views.track_review, name="track-review"),
    path("track/<str:code>/rate/", views.track_rate, name="track-rate"),
]
