from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cancercenter.staff import services

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, plus what a superuser needs to help a locked-out colleague."""

    actions = ["unlock_sign_in", "sign_out_everywhere"]

    @admin.action(description=_("Unlock sign-in for the selected accounts"))
    def unlock_sign_in(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only a superuser may unlock accounts."), messages.ERROR)
            return
        count = services.staff_unlock(users=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d account.",
                "Sign-in unlocked for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Sign the selected accounts out everywhere"))
    def sign_out_everywhere(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only a superuser may do this."), messages.ERROR)
            return
        count = sum(services.staff_sign_out_everywhere(user=user) for user in queryset)
        self.message_user(
            request,
            ngettext("%(count)d session ended.", "%(count)d sessions ended.", count)
            % {"count": count},
            messages.SUCCESS,
        )
