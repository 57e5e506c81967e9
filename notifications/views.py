"""The profile page, where each person turns off the kinds of e-mail they do not want."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from .emails import disabled_kinds, kinds_for


@login_required
def profile(request):
    user = request.user
    offered = kinds_for(user)
    if request.method == "POST":
        wanted = set(request.POST.getlist("kinds"))
        for kind in offered:
            user.notification_preferences.update_or_create(
                kind=kind.value, defaults={"enabled": kind.value in wanted}
            )
        messages.success(request, gettext("Vos préférences de notification sont enregistrées."))
        return redirect("profile")
    off = disabled_kinds(user)
    choices = [(kind.value, kind.label, kind.value not in off) for kind in offered]
    return render(request, "notifications/profile.html", {"choices": choices})
