from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.TopicListView.as_view(), name="topic-list"),
    path("faq/", views.FAQListView.as_view(), name="faq"),
    path("<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
]
