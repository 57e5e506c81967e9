from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def permission_denied(request, exception=None):
    """The 403 page says why, when the refusal carries a reason."""
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@never_cache
def health(request):
    """For load balancers and docker-compose: the database and the cache answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.set("health", "ok", 5)
    return JsonResponse({"database": "ok", "cache": cache.get("health")})
