from django.urls import path

from education import glossary_views

app_name = "glossary"

urlpatterns = [
    path("", glossary_views.GlossaryListView.as_view(), name="term-list"),
    path("<slug:slug>/", glossary_views.GlossaryTermView.as_view(), name="term-detail"),
]
