"""Handling URLs: the inbox, the queue, the case page, its POST-only actions and the printable reply."""

from django.urls import path

from . import views

app_name = "handling"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("cases/", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/reply/", views.reply_document, name="reply-document"),
    path("cases/<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/actions/<slug:action>/", views.case_action, name="action"),
]
