from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

# About 2 KB of fixed HTML.
FIXED = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Floor</title></head>"
    "<body><main><h1>Floor</h1>"
    + "".join(f"<p>Paragraph {n}: fixed text of the floor page, the same for everyone.</p>"
              for n in range(26))
    + "</main></body></html>"
)  # fmt: skip


def fixed(request):
    return HttpResponse(FIXED)


def query(request):
    """Ten rows of the portal's dictionary table through a small template."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, slug FROM education_glossaryterm ORDER BY id LIMIT 10")
        rows = [{"name": name, "slug": slug} for name, slug in cursor.fetchall()]
    return render(request, "floor.html", {"rows": rows})


urlpatterns = [path("fixed/", fixed), path("db/", query)]
