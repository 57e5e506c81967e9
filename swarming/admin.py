from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_fsm_log.admin import StateLogInline

from . import services
from .models import (
    KIT_SECTIONS,
    KitAttachment,
    KitIndicator,
    KitInvariant,
    SpreadingConsent,
    TransferKit,
)

# Transfer kits: a published or retired version never changes, here no more than elsewhere.


def _is_draft(kit):
    return kit is not None and kit.is_draft


class DraftOnlyInline(admin.TabularInline):
    """Rows of a kit, editable while the kit (`obj`, the parent) is a draft only."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if not _is_draft(obj) else ()


class KitInvariantInline(DraftOnlyInline):
    model = KitInvariant
    fields = ("label", "description")


class KitIndicatorInline(DraftOnlyInline):
    model = KitIndicator
    fields = ("label", "unit", "reference_value", "reference_note")


class KitAttachmentInline(admin.TabularInline):
    """Tools are uploaded on the kit's page, where their content is checked."""

    model = KitAttachment
    extra = 0
    fields = ("name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


METADATA = (
    "initiative",
    "version",
    "state",
    "created_by",
    "created_at",
    "updated_at",
    "published_at",
    "retired_at",
)


@admin.register(TransferKit)
class TransferKitAdmin(admin.ModelAdmin):
    """The state is read-only: only the kit's transitions change it. The sections may be
    corrected while the version is a draft; a published or retired one is read-only."""

    list_display = ("initiative", "version", "state", "published_at", "updated_at")
    list_filter = ("state",)
    search_fields = ("initiative__title", "initiative__carrier__name")
    list_select_related = ("initiative",)
    inlines = (KitInvariantInline, KitIndicatorInline, KitAttachmentInline, StateLogInline)
    fieldsets = (
        (None, {"fields": METADATA}),
        (_("Rubriques"), {"fields": KIT_SECTIONS}),
    )

    def get_readonly_fields(self, request, obj=None):
        if _is_draft(obj):
            return METADATA
        return (*METADATA, *KIT_SECTIONS)

    def has_add_permission(self, request):
        # A new version is prepared on the initiative's kit page, copied from the last one.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Through the service: it locks the row and refuses a version published meanwhile.
        changed = {name: getattr(obj, name) for name in KIT_SECTIONS if name in form.changed_data}
        try:
            services.kit_update(kit=obj, data=changed)
        except services.FrozenKit as frozen:
            raise PermissionDenied(str(frozen)) from None

    def save_formset(self, request, form, formset, change):
        if formset.model in (KitInvariant, KitIndicator):
            locked = TransferKit.objects.select_for_update().get(pk=form.instance.pk)
            if not locked.is_draft:
                raise PermissionDenied(str(services.FrozenKit()))
        super().save_formset(request, form, formset, change)


# Consents: who gave it, when, on what terms, kept as given.


@admin.register(SpreadingConsent)
class SpreadingConsentAdmin(admin.ModelAdmin):
    list_display = ("initiative", "given_by", "given_at")
    search_fields = ("initiative__title", "given_by__email")
    list_select_related = ("initiative", "given_by")
    fields = ("initiative", "given_by", "given_at", "terms")
    readonly_fields = fields

    def has_add_permission(self, request):
        # Only the innovator gives it, on the initiative's page.
        return False

    def has_change_permission(self, request, obj=None):
        return False
