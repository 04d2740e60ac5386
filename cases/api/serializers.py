"""What the API sends: the case as the queue row and the case page show it, to the same people."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Attachment, Case, CaseEvent, Petitioner


class RefSerializer(serializers.Serializer):
    """A linked record: its id and its name in the reader's language."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


def ref(**kwargs):
    return RefSerializer(read_only=True, allow_null=True, **kwargs)


class PetitionerSerializer(serializers.ModelSerializer):
    """A petitioner as the case page shows them: the ID number masked, never in full."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)

    class Meta:
        model = Petitioner
        fields = ["id", "name", "sex", "phone", "id_number", "address", "workplace"]


class CaseRowSerializer(serializers.ModelSerializer):
    """One case of the list (the queue's row)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_state = serializers.SerializerMethodField()
    subject = ref()
    community = ref()
    tier = ref()
    lead_department = ref()
    platform = ref()
    petitioners = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "tracking_code",
            "status",
            "status_label",
            "category",
            "channel",
            "received_at",
            "due_on",
            "due_state",
            "subject",
            "community",
            "tier",
            "lead_department",
            "platform",
            "petitioners",
            "is_group_visit",
            "needs_attention",
            "version",
        ]

    @extend_schema_field({"type": "string", "enum": ["overdue", "soon", ""]})
    def get_due_state(self, case: Case) -> str:
        return getattr(case, "due_state", "")

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_petitioners(self, case: Case) -> list[str]:
        # Names only in a list, as the queue shows them; the details are on the case.
        return [cp.petitioner.name for cp in case.case_petitioners.all()]


class EventSerializer(serializers.ModelSerializer):
    """A timeline event as the case page shows it to this person: public (the petitioner sees it too) or internal."""

    title = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)
    actor = serializers.SerializerMethodField()
    department = ref()

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "at",
            "kind",
            "title",
            "detail",
            "note",
            "is_public",
            "old_status",
            "new_status",
            "actor",
            "department",
        ]

    @extend_schema_field({"type": "string"})
    def get_actor(self, event: CaseEvent) -> str:
        if not event.actor_id:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download"]

    @extend_schema_field({"type": "string"})
    def get_download(self, attachment: Attachment) -> str:
        return f"/api/v1/cases/{attachment.case_id}/attachments/{attachment.pk}/"


class ActionRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class ClockSerializer(serializers.Serializer):
    label = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)


class CaseDetailSerializer(CaseRowSerializer):
    """The case as its page shows it: registration data, the clock, the timeline, attachments, the actions open now."""

    zone = ref()
    grid = ref()
    reply_department = ref()
    resolved_tier = ref()
    assisting_departments = RefSerializer(many=True, read_only=True)
    petitioners = PetitionerSerializer(source="petitioner_list", many=True, read_only=True)
    timeline = EventSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    actions = ActionRefSerializer(many=True, read_only=True)
    extension_status_label = serializers.CharField(source="get_extension_status_display", read_only=True)

    class Meta(CaseRowSerializer.Meta):
        fields = [
            *CaseRowSerializer.Meta.fields,
            "what_happened",
            "request",
            "address",
            "headcount",
            "is_anonymous",
            "is_level_skipping",
            "handover_number",
            "zone",
            "grid",
            "assisting_departments",
            "routed_at",
            "accepted_at",
            "replied_at",
            "closed_at",
            "transfer_due_on",
            "acceptance_due_on",
            "objection_due_on",
            "reply_due_on",
            "tier_due_on",
            "extension_status",
            "extension_status_label",
            "extension_days",
            "outcome",
            "reply_text",
            "reply_legal_basis",
            "reply_department",
            "resolved_tier",
            "review_level",
            "satisfaction",
            "answer_delivered_on",
            "timeline",
            "attachments",
            "actions",
        ]


class CasePageSerializer(serializers.Serializer):
    """A page of the case list: the cursors of the neighbouring pages, never a page number."""

    results = CaseRowSerializer(many=True)
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)


class ActionResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    case = CaseDetailSerializer(
        allow_null=True, help_text="null when this person no longer sees the case (an objection)."
    )


class ErrorSerializer(serializers.Serializer):
    """Every error of the API has this body."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    current = CaseDetailSerializer(required=False, help_text="The case as it is now (conflicts only).")
