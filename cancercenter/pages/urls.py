from django.urls import path

from cancercenter.pages import views

app_name = "pages"
urlpatterns = [
    path("locations/", views.location_list, name="location-list"),
    path("locations/<slug:slug>/", views.location_detail, name="location-detail"),
    # Last in the site's URLs: whatever no other part of the site answers.
    path("<path:path>/", views.page_detail, name="page-detail"),
]
