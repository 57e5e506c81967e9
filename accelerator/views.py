from django.shortcuts import redirect, render

from . import roles


def home(request):
    user = request.user
    if user.is_authenticated and roles.is_innovator(user):
        return redirect("initiatives:mine")
    return render(request, "accelerator/home.html")


def permission_denied(request, exception=None):
    """The 403 page says why, when the refusal carries a reason."""
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)
