from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Document, NotificationPreference, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Rôles et droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "enabled")
    list_filter = ("kind", "enabled")
    search_fields = ("user__email",)
    autocomplete_fields = ("user",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Documents are made by the workers: read-only here."""

    list_display = ("kind", "object_id", "version", "state", "pages", "requested_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in Document._meta.fields if f.name != "html"]
    exclude = ("html",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
