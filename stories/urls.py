from django.urls import path

from stories import views
from stories.feeds import StoryFeed

app_name = "stories"

urlpatterns = [
    path("", views.StoryListView.as_view(), name="story-list"),
    path("feed/", StoryFeed(), name="story-feed"),
    path("share/", views.StoryShareView.as_view(), name="story-share"),
    path("share/thank-you/", views.StoryShareThanksView.as_view(), name="story-share-thanks"),
    path("<slug:slug>/", views.StoryDetailView.as_view(), name="story-detail"),
]
