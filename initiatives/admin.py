from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_fsm_log.admin import StateLogInline

from . import services
from .models import (
    Attachment,
    Call,
    IdentificationScore,
    Initiative,
    Organisation,
    TargetPublic,
    Territory,
    Theme,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "cog_year")
    list_filter = ("kind", "cog_year", "parent")
    search_fields = ("code", "name")
    ordering = ("kind", "code")


@admin.register(Theme, TargetPublic)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "siret", "legal_form", "not_for_profit", "territory")
    list_filter = ("legal_form", "not_for_profit")
    search_fields = ("name", "siret")
    autocomplete_fields = ("territory", "members")

    def save_model(self, request, obj, form, change):
        # Through the service: its initiatives' search entries and the catalogue follow.
        services.organisation_save(organisation=obj)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "opens_on", "closes_on")
    search_fields = ("title",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class IdentificationScoreInline(admin.TabularInline):
    model = IdentificationScore
    extra = 0
    fields = ("criterion", "score", "comment", "scored_by", "scored_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """The stage is read-only here: only the chain's transitions change it."""

    list_display = ("title", "carrier", "stage", "owner", "updated_at")
    list_filter = ("stage", "maturity", "call", "themes")
    search_fields = ("title", "summary", "carrier__name")
    readonly_fields = ("stage", "created_at", "updated_at", "submitted_at")
    autocomplete_fields = ("carrier", "owner", "territories")
    filter_horizontal = ("themes", "target_publics")
    inlines = (IdentificationScoreInline, AttachmentInline, StateLogInline)
    fieldsets = (
        (None, {"fields": ("title", "stage", "owner", "carrier", "call")}),
        (_("Contenu"), {"fields": ("summary", "problem", "theory_of_change", "expected_outcomes")}),
        (_("Classement"), {"fields": ("maturity", "themes", "target_publics", "territories")}),
        (_("Budget"), {"fields": ("budget", "cost_per_beneficiary")}),
        (_("Dates"), {"fields": ("created_at", "updated_at", "submitted_at")}),
    )

    def save_model(self, request, obj, form, change):
        # Through the service: the search entry and the public catalogue follow.
        services.initiative_save(initiative=obj, by=request.user)
