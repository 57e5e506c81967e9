from django.contrib import admin

from .models import Document


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
