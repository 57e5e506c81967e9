"""The addresses forms post to, when a browser opens them: post_only, and the 405 page.

A view that refuses a form renders its page again at the address the form posted to; the
browser keeps that address, and opening it again (from the address bar, a new tab, a
bookmark) is a GET. post_only sends such a GET to the page the form lives on.
"""

from functools import wraps

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST


def post_only(page):
    """Instead of require_POST, on a view that only acts on POST.

    A GET or HEAD of the view's address is redirected to `page(request, *args, **kwargs)`
    (the view's arguments): the URL of the page the form lives on. `page` finds the object
    as the view does (get_initiative, get_evaluation... with the same permission), so
    whoever the POST refuses gets the same 403 or 404; the decorators above the view
    (login_required, permission_required) run first, as for the POST. Other methods answer
    405, as with require_POST; a POST runs the view, unchanged.
    """

    def decorate(view):
        only_post = require_POST(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(page(request, *args, **kwargs))
            return only_post(request, *args, **kwargs)

        wrapped.post_only_page = page  # kept by the decorators above (functools.wraps)
        return wrapped

    return decorate


def post_only_to(url_name, find, **find_kwargs):
    """post_only whose page is `url_name` of the object the view acts on, found by the
    entity's access helper as the view finds it: `find(request.user, pk, **find_kwargs)`
    (get_initiative, get_evaluation... with the view's `perm`)."""

    def page(request, pk, **kwargs):
        return reverse(url_name, args=[find(request.user, pk, **find_kwargs).pk])

    return post_only(page)


class MethodNotAllowedPage:
    """A 405 without a body (require_POST, require_GET, post_only answer one) gets the
    405.html page, rather than the browser's bare "HTTP ERROR 405"; its Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def query_without_page(request) -> str:
    """The page's query string without its page number: what pagination links append to."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
