from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.mediation_list, name="list"),
    path("new/", views.mediation_new, name="new"),
    path("figures/", views.mediation_figures, name="figures"),
    path("<int:pk>/", views.mediation_detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views.mediation_step, name="step"),
    path("<int:pk>/agreement/", views.agreement_print, name="agreement"),
]
