from django.urls import path

from cancercenter.pages import views

app_name = "pages"
urlpatterns = [
    # Last in the site's URLs: whatever no other part of the site answers.
    path("<path:path>/", views.page_detail, name="page-detail"),
]
