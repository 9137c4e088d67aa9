from django.urls import path

from cancercenter.search import views

# Not namespaced: "search" is the name every template already uses.
urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
]
