from django.urls import path

from cancercenter.giving import views

# Not namespaced: "give" and "give-thanks" are the names every template already uses.
urlpatterns = [
    path("", views.GiftView.as_view(), name="give"),
    path("thank-you/", views.GiftThanksView.as_view(), name="give-thanks"),
]
