from django.urls import path

from cancercenter.contact import views

# Not namespaced: "contact" and "contact-thanks" are the names every template already uses.
urlpatterns = [
    path("", views.ContactView.as_view(), name="contact"),
    path("thank-you/", views.ContactThanksView.as_view(), name="contact-thanks"),
]
