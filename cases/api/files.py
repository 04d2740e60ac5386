"""Attachments of a case (upload checked as the forms check it; download through the case's permission rule)
and the counter's earlier-cases lookup."""

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Read
from audit.services import read_logged
from core.validation import normalize_phone

from .. import actions
from ..forms.intake import MAX_FILES_COUNTER, MultipleFileField
from ..identity import hash_id_number
from ..models import Attachment
from ..policy import cases_visible_to
from ..selectors import handling as selectors
from ..selectors.intake import earlier_cases_of_person
from ..services import attachment_add
from .errors import Invalid
from .schema import ERRORS
from .serializers import AttachmentSerializer, CaseRowSerializer, PetitionerSerializer

LOOKUP_LIMIT = 10


class UploadSerializer(serializers.Serializer):
    file = serializers.ListField(
        child=serializers.FileField(), help_text="One or more files (JPEG, PNG, GIF, WebP, HEIC, PDF)."
    )


class AttachmentListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_attachments_create",
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer(many=True), **ERRORS},
        description=(
            "Add files to a case, checked by their bytes as at the counter (size, type, name). Who: whoever may add a "
            "note to it now (an open case they handle)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        case = selectors.case_for_page(request.user, pk)
        note = actions.NOTE
        if not note.who(request.user, case) or case.status not in note.allowed_from:
            raise PermissionDenied
        uploads = request.FILES.getlist("file")
        if not uploads:
            raise Invalid({"file": [str(forms.Field.default_error_messages["required"])]})
        try:
            files = MultipleFileField(max_files=MAX_FILES_COUNTER).clean(uploads)
        except ValidationError as err:
            raise Invalid({"file": err.messages}) from err
        with transaction.atomic():
            stored = [attachment_add(case=case, upload=upload, by=request.user) for upload in files]
        return Response(AttachmentSerializer(stored, many=True).data, status=201)


class AttachmentDownloadView(APIView):
    @extend_schema(
        operation_id="cases_attachments_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
        description="The file, streamed, after the case's permission check (the same as the case page's).",
    )
    def get(self, request: Request, pk: int, attachment_pk: int):
        case = get_object_or_404(cases_visible_to(request.user), pk=pk)
        found = get_object_or_404(Attachment, case=case, pk=attachment_pk)
        read_logged(request, kind=Read.Kind.ATTACHMENT, obj=found)
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


class LookupResultSerializer(serializers.Serializer):
    petitioners = PetitionerSerializer(many=True)
    cases = CaseRowSerializer(many=True)


class PetitionerLookupView(APIView):
    @extend_schema(
        operation_id="petitioners_lookup",
        parameters=[
            OpenApiParameter(
                "phone", str, OpenApiParameter.QUERY, description="The whole phone number (8 digits or more)."
            ),
            OpenApiParameter(
                "id_number", str, OpenApiParameter.QUERY, description="The whole ID number (18 characters)."
            ),
        ],
        responses={200: LookupResultSerializer, **ERRORS},
        description=(
            "Intake staff: the earlier cases of the person with this phone or ID number that this clerk may see, "
            "and the people named on them (ID numbers masked)."
        ),
    )
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("cases.register_case"):
            raise PermissionDenied
        phone = normalize_phone(request.query_params.get("phone", ""))[:20]
        id_number = request.query_params.get("id_number", "").strip()[:22]
        # Whole numbers only, as the counter's lookup asks: digits (a landline's dash), an ID's X.
        complete_phone = len(phone) >= 8 and re.fullmatch(r"[0-9-]+", phone) is not None
        complete_id = re.fullmatch(r"[0-9]{17}[0-9Xx]", id_number.replace(" ", "")) is not None
        if not (complete_phone or complete_id):
            raise Invalid({"phone": [str(_NEED)], "id_number": [str(_NEED)]})
        phone, id_number = (phone if complete_phone else ""), (id_number if complete_id else "")
        found = list(
            earlier_cases_of_person(user=request.user, phone=phone, id_number=id_number)
            .prefetch_related(selectors.first_petitioners())
            .select_related("tier", "platform")[:LOOKUP_LIMIT]
        )
        ids = ",".join(str(c.pk) for c in found)
        read_logged(request, kind=Read.Kind.LOOKUP, what=f"cases: {ids}" if ids else "cases: none")
        id_hash = hash_id_number(id_number) if id_number else ""
        people = {}
        for case in found:
            for cp in case.case_petitioners.all():
                p = cp.petitioner
                if (phone and p.phone == phone) or (id_hash and p.id_number_hash == id_hash):
                    people[p.pk] = p
        return Response(
            {
                "petitioners": PetitionerSerializer(people.values(), many=True).data,
                "cases": CaseRowSerializer(found, many=True).data,
            }
        )


_NEED = gettext_lazy("Give a whole phone number (8 digits or more) or a whole ID number (18 characters).")
