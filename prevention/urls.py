from django.urls import include, path

from . import council_views, public, views

app_name = "prevention"

staff = [
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("risks/", views.risk_list, name="risks"),
    path("risks/new/", views.risk_new, name="risk-new"),
    path("risks/<int:pk>/", views.risk_detail, name="risk"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("actions/<int:pk>/done/", views.action_done, name="action-done"),
    path("calendar/", views.my_calendar, name="my-calendar"),
    path("team/", views.roster, name="roster"),
    path("councils/", council_views.council_list, name="councils"),
    path("councils/new/", council_views.council_new, name="council-new"),
    path("councils/<int:pk>/", council_views.council_detail, name="council"),
]

urlpatterns = [
    path("prevention/", include(staff)),
    path("prevention/feed/<str:token>.ics", public.feed, name="feed"),
    path("community/<slug:code>/", public.community_page, name="community"),
]
