"""Dashboard URLs: the page and its two exports (same query string)."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("dashboard/export.csv", views.export_csv, name="export-csv"),
]
