"""Revealing a petitioner's full ID number: the petition office and the administrator only, one explicit
request with a reason at a time, each written to the read log; never to the accused of a report."""

from cryptography.fernet import InvalidToken
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from audit.models import Read
from audit.services import read_logged

from .. import rules
from ..forms.identity import RevealIdNumberForm
from ..identity import decrypt_id_number
from ..models import Petitioner
from ..policy import cases_visible_to


@login_required
@require_http_methods(["GET", "POST"])
def reveal_id_number(request: HttpRequest, pk: int, petitioner_pk: int) -> HttpResponse:
    # The accused of a report cannot see the case at all (404, as on the case page); anyone else who may
    # see it but not reveal is refused before anything about the petitioner is looked up.
    case = get_object_or_404(
        cases_visible_to(request.user).select_related("accused_department", "accused_user__staff__department"), pk=pk
    )
    if not rules.reveals_id_number(request.user, case):
        raise PermissionDenied
    petitioner = get_object_or_404(Petitioner, pk=petitioner_pk, case_links__case=case)
    if not petitioner.id_number_encrypted:
        raise Http404
    number = ""
    unreadable = False
    form = RevealIdNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The log first: a number that was shown is a number that was logged.
        read_logged(
            request,
            kind=Read.Kind.ID_NUMBER,
            obj=petitioner,
            what=f"case {case.pk}: {form.cleaned_data['reason']}",
        )
        try:
            number = decrypt_id_number(petitioner.id_number_encrypted)
        except InvalidToken:
            unreadable = True
    response = render(
        request,
        "cases/handling/id_number.html",
        {"case": case, "petitioner": petitioner, "form": form, "number": number, "unreadable": unreadable},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
    # Neither the browser's cache nor its back button keeps the number.
    add_never_cache_headers(response)
    return response
