"""The registrations' API, under the pages' rules: a person's own
registrations, registering and cancelling (through the same services as the
pages); the registrations of an event for those who organise it."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from localaction.api import Pagination, RefuseNulParameters
from localaction.events import registrations as services
from localaction.events.models import Event, Registration, RegistrationCategory
from localaction.events.permissions import can_see_event, organises
from localaction.network.models import Country, LocalGovernment


def _refusal(error: DjangoValidationError) -> APIValidationError:
    return APIValidationError(serializers.as_serializer_error(error))


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    category_kind = serializers.CharField(source="category.kind", read_only=True)
    member = serializers.CharField(source="local_government.code", read_only=True, default=None)
    country = serializers.CharField(source="country_id", read_only=True)
    invoice = serializers.CharField(source="invoice.number", read_only=True, default=None)
    waiting_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "category",
            "category_kind",
            "status",
            "waiting_position",
            "member",
            "country",
            "organisation",
            "registered_at",
            "confirmed_at",
            "cancelled_at",
            "badge_code",
            "checked_in_at",
            "invoice",
            "certificate_code",
        ]
        read_only_fields = fields

    def get_waiting_position(self, registration: Registration) -> int | None:
        return registration.waiting_position()


class OrganiserRegistrationSerializer(RegistrationSerializer):
    person = serializers.CharField(source="person_name", read_only=True)
    email = serializers.EmailField(source="person.email", read_only=True)

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "person", "email"]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    event = serializers.SlugField(max_length=80)
    category = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    member = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class MyRegistrationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The signed-in person's registrations; POST registers, and
    `cancel` cancels one (the freed place goes to the first waiting)."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Registration.objects.none()

    def get_queryset(self):
        return (
            Registration.objects.filter(person=self.request.user)
            .select_related("event", "category", "local_government", "invoice")
            .order_by("-registered_at", "pk")
        )

    @extend_schema(
        request=RegisterSerializer,
        responses={
            201: RegistrationSerializer,
            400: OpenApiResponse(
                description="Registration closed, already registered, a member the person "
                "does not work for or not in good standing; nothing is kept."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        event = Event.objects.filter(slug=values["event"]).first()
        if event is None or not can_see_event(request.user, event):
            raise APIValidationError({"event": ["No such event."]})
        category = RegistrationCategory.objects.filter(pk=values["category"], event=event).first()
        if category is None:
            raise APIValidationError({"category": ["No such category of this event."]})
        member = None
        if values.get("member"):
            member = LocalGovernment.objects.filter(code=values["member"]).first()
            if member is None:
                raise APIValidationError({"member": ["No such local government."]})
        country = None
        if values.get("country"):
            country = Country.objects.filter(code=values["country"].upper()).first()
            if country is None:
                raise APIValidationError({"country": ["No such country (ISO 3166-1 code)."]})
        try:
            registration = services.register(
                event=event,
                person=request.user,
                category=category,
                local_government=member,
                country=country,
                organisation=values.get("organisation", ""),
                postal_address=values.get("postal_address", ""),
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(
            RegistrationSerializer(registration, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses={
            200: RegistrationSerializer,
            400: OpenApiResponse(description="Already cancelled, or checked in."),
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = self.get_object()
        try:
            services.cancel(registration=registration, by=request.user)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration, context={"request": request}).data)


class EventRegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """An event's registrations, for those who organise it (staff of the
    organising office, the secretariat); `?status=` filters."""

    lookup_value_regex = "[0-9]+"  # an id: anything else is no address

    serializer_class = OrganiserRegistrationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [RefuseNulParameters]
    pagination_class = Pagination
    queryset = Registration.objects.none()

    def _event(self) -> Event:
        event = Event.objects.filter(slug=self.kwargs["slug"]).first()
        if event is None or not can_see_event(self.request.user, event):
            raise NotFound
        if not organises(self.request.user, event):
            raise PermissionDenied("Only those who organise the event see its registrations.")
        return event

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        registrations = (
            Registration.objects.filter(event=self._event())
            .select_related("event", "category", "local_government", "invoice", "person")
            .order_by("registered_at", "pk")
        )
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in Registration.Status.values:
                raise APIValidationError(
                    {"status": [f"One of {', '.join(Registration.Status.values)}."]}
                )
            registrations = registrations.filter(status=wanted)
        return registrations
