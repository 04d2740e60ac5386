"""The case pages' URLs. The paths are printed on posters and receipts (/s/<code>/, /track/): never change them."""

from django.urls import include, path

from .views import handling, home, identity, intake, public

# The staff's handling pages keep their own namespace ("handling:case", ...).
handling_patterns = (
    [
        path("inbox/", handling.inbox, name="inbox"),
        path("cases/", handling.queue, name="queue"),
        path("cases/counts/", handling.queue_counts, name="queue-counts"),
        path("cases/<int:pk>/", handling.case_page, name="case"),
        path("cases/<int:pk>/reply/", handling.reply_document, name="reply-document"),
        path("cases/<int:pk>/notice/", handling.notice_document, name="notice"),
        path("cases/<int:pk>/attachments/<int:attachment_pk>/", handling.attachment, name="attachment"),
        path("cases/<int:pk>/actions/<slug:action>/", handling.case_action, name="action"),
        path(
            "cases/<int:pk>/petitioners/<int:petitioner_pk>/id-number/",
            identity.reveal_id_number,
            name="reveal-id-number",
        ),
    ],
    "handling",
)

urlpatterns = [
    path("", home.home, name="home"),
    path("intake/new/", intake.counter, name="intake-counter"),
    path("intake/lookup/", intake.lookup, name="intake-lookup"),
    path("intake/today/", intake.today, name="intake-today"),
    path("intake/<int:pk>/receipt/", intake.receipt, name="intake-receipt"),
    path("s/<str:code>/", public.web_form, name="web-form"),
    path("s/<str:code>/done/", public.web_done, name="web-done"),
    path("platforms/", intake.platforms, name="platforms"),
    path("platforms/<str:code>/poster/", intake.poster, name="platform-poster"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_case, name="track-case"),
    path("track/<str:code>/review/", public.track_review, name="track-review"),
    path("track/<str:code>/rate/", public.track_rate, name="track-rate"),
    path("track/<str:code>/code/", public.track_send_code, name="track-send-code"),
    path("", include(handling_patterns)),
]
