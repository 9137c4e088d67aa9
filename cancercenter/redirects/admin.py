from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cancercenter.redirects import services
from cancercenter.redirects.models import MissingPath, Redirect, validate_site_path


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path", "is_permanent"]

    def clean_old_path(self):
        validate_site_path(self.cleaned_data["old_path"])
        return services.path_normalise(self.cleaned_data["old_path"])

    def clean_new_path(self):
        validate_site_path(self.cleaned_data["new_path"])
        return services.target_normalise(self.cleaned_data["new_path"])

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_path"), cleaned.get("new_path")
        if old and new:
            try:
                services.redirect_target(old_path=old, new_path=new)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses that send readers on. The site adds one by itself when a published
    page, topic, story or location changes address; staff add others by hand."""

    form = RedirectForm
    list_display = [
        "old_path", "new_path", "is_permanent", "hits", "last_used_at", "created_by",
        "created_at",
    ]  # fmt: skip
    list_filter = ["is_permanent", ("created_by", admin.EmptyFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["hits", "last_used_at", "created_by", "created_at"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        if change and "old_path" in form.changed_data:
            Redirect.objects.filter(pk=obj.pk).delete()
        saved = services.redirect_save(
            old_path=obj.old_path,
            new_path=obj.new_path,
            is_permanent=obj.is_permanent,
            user=request.user,
        )
        obj.pk, obj.new_path = saved.pk, saved.new_path


@admin.register(MissingPath)
class MissingPathAdmin(admin.ModelAdmin):
    """The most requested missing addresses (404) of the last 30 days, to fix with a
    redirect. Counted per day, address only: no query string, visitor address or browser."""

    per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        page = Paginator(services.missing_paths_recent(), self.per_page).get_page(
            request.GET.get("p")
        )
        may_add = request.user.has_perm("redirects.add_redirect")
        add_url = reverse("admin:redirects_redirect_add")
        rows = [
            {
                **row,
                "create_url": f"{add_url}?{urlencode({'old_path': row['path']})}"
                if may_add and not row["redirected"]
                else "",
            }
            for row in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Most requested missing addresses, last %(days)d days")
            % {"days": services.MISSING_PATHS_KEPT_DAYS},
            "page": page,
            "rows": rows,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/redirects/missing_paths.html", context)
