"""/api/v1/: cases, their actions (one per entry of cases.actions.ACTIONS), attachments, the lookup, the town."""

from django.urls import path

from .. import actions
from . import files, refs, views
from .actions import action_view

app_name = "api"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/attachments/", files.AttachmentListView.as_view(), name="attachments"),
    path("cases/<int:pk>/attachments/<int:attachment_pk>/", files.AttachmentDownloadView.as_view(), name="attachment"),
    path("petitioners/lookup/", files.PetitionerLookupView.as_view(), name="petitioner-lookup"),
    path("departments/", refs.DepartmentList.as_view(), name="departments"),
    path("communities/", refs.CommunityList.as_view(), name="communities"),
    path("grids/", refs.GridList.as_view(), name="grids"),
    path("platforms/", refs.PlatformList.as_view(), name="platforms"),
]

# Read when the URLs load, after every app's ready(): an action another app registers is here too.
urlpatterns += [
    path(f"cases/<int:pk>/actions/{name}/", action_view(entry), name=f"action-{name}")
    for name, entry in actions.ACTIONS.items()
]
