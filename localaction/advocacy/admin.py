"""Advocacy in the admin (the secretariat's), obeying the same rules as the
pages: a cited figure's value is the report's as published (read-only here;
figures are cited on the engagement's page, through `advocacy.services`), and
a role is ended by a review linked to its decision."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from localaction.admin import ObeysServices
from localaction.advocacy.models import CitedFigure, Engagement, PolicyProcess, Role, RoleReview


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["kind", "since", "until", "office", "review_every"]
    readonly_fields = ["until"]


@admin.register(PolicyProcess)
class PolicyProcessAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["short_name", "name", "convened_by"]
    search_fields = ["short_name", "name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [RoleInline]


class RoleReviewInline(admin.TabularInline):
    model = RoleReview
    extra = 0
    fields = ["reviewed_on", "recommendation", "decision", "reviewed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Role)
class RoleAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["process", "kind", "since", "until", "office"]
    list_filter = ["kind", "office"]
    readonly_fields = ["until"]
    inlines = [RoleReviewInline]


class CitedFigureInline(admin.TabularInline):
    model = CitedFigure
    extra = 0
    fields = ["report", "key", "label", "value", "cited_by", "cited_at"]
    readonly_fields = ["report", "key", "value", "cited_by", "cited_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Engagement)
class EngagementAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "role", "public"]
    list_filter = ["kind", "public"]
    search_fields = ["title", "place"]
    readonly_fields = ["created_at", "created_by"]
    filter_horizontal = ["delegations"]
    inlines = [CitedFigureInline]
