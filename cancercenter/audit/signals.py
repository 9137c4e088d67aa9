"""Listeners that turn sign-ins, account changes and queue activity into audit events."""

from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from cancercenter.audit.models import AuditAction
from cancercenter.audit.services import PUBLISHED, audit_record
from cancercenter.submissions import signals as queue

User = get_user_model()


# SIGNING IN
@receiver(user_logged_in, dispatch_uid="audit_login")
def logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password; only the name typed is kept.
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        request=request,
        actor_username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        action=AuditAction.LOCKED_OUT,
        request=request,
        actor_username=str(username or "")[:150],
        detail={"address": ip_address},
    )


# SECOND FACTORS
def _device_owner(device):
    return {"owner": device.user.get_username(), "device": device.name}


@receiver(post_save, sender=TOTPDevice, dispatch_uid="audit_totp_saved")
@receiver(post_save, sender=StaticDevice, dispatch_uid="audit_static_saved")
@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="audit_webauthn_saved")
def device_saved(sender, instance, created, update_fields=None, **kwargs):
    became_confirmed = update_fields is not None and "confirmed" in update_fields
    if instance.confirmed and (created or became_confirmed):
        audit_record(
            action=AuditAction.MFA_ADDED,
            obj=instance,
            object_label=sender._meta.verbose_name,
            detail=_device_owner(instance),
        )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="audit_totp_deleted")
@receiver(post_delete, sender=StaticDevice, dispatch_uid="audit_static_deleted")
@receiver(post_delete, sender=WebAuthnCredential, dispatch_uid="audit_webauthn_deleted")
def device_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        audit_record(
            action=AuditAction.MFA_REMOVED,
            obj=instance,
            object_label=sender._meta.verbose_name,
            detail=_device_owner(instance),
        )


# ACCOUNTS, GROUPS AND PERMISSIONS
ACCOUNT_FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=User, dispatch_uid="audit_user_flags_before")
def user_flags_before(sender, instance, **kwargs):
    if instance.pk:
        instance._audit_flags = (
            User.objects.filter(pk=instance.pk).values(*ACCOUNT_FLAGS).first() or {}
        )


@receiver(post_save, sender=User, dispatch_uid="audit_user_flags_after")
def user_flags_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_flags", None) or {}
    changed = {
        flag: getattr(instance, flag)
        for flag in ACCOUNT_FLAGS
        if (created and getattr(instance, flag) and flag != "is_active")
        or (before and before.get(flag) != getattr(instance, flag))
    }
    if changed:
        audit_record(
            action=AuditAction.ACCOUNT_CHANGED,
            obj=instance,
            object_label=instance.get_username(),
            detail={"created": created, **changed},
        )


def _m2m_names(model, pk_set):
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    return sorted(
        f"{app}.{codename}"
        for app, codename in model.objects.filter(pk__in=pk_set).values_list(
            "content_type__app_label", "codename"
        )
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit_group_perms")
def memberships_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if action == "pre_clear":
        field = sender._meta.get_field(model._meta.model_name)
        pk_set = set(
            sender.objects.filter(
                **{sender._meta.get_field(instance._meta.model_name).name: instance}
            ).values_list(field.attname, flat=True)
        )
    if not pk_set:
        return
    kind = (
        AuditAction.GROUPS_CHANGED
        if sender is User.groups.through
        else AuditAction.PERMISSIONS_CHANGED
    )
    label = instance.get_username() if isinstance(instance, User) else str(instance)
    audit_record(
        action=kind,
        obj=instance,
        object_label=label,
        detail={
            "removed" if action != "post_add" else "added": _m2m_names(model, pk_set),
        },
    )


# THE QUEUES
@receiver(queue.submission_viewed, dispatch_uid="audit_submission_viewed")
def submission_viewed(sender, request, submission, **kwargs):
    audit_record(action=AuditAction.SUBMISSION_VIEWED, request=request, obj=submission)


@receiver(queue.submissions_exported, dispatch_uid="audit_submissions_exported")
def submissions_exported(sender, request, references, **kwargs):
    audit_record(
        action=AuditAction.EXPORTED,
        request=request,
        object_type=sender._meta.label_lower,
        object_label=f"{len(references)} rows",
        detail={"references": references},
    )


@receiver(queue.submission_status_changed, dispatch_uid="audit_status_changed")
def status_changed(sender, references, status, **kwargs):
    if references:
        audit_record(
            action=AuditAction.STATUS_CHANGED,
            object_type=sender._meta.label_lower,
            object_id=references[0] if len(references) == 1 else "",
            object_label=", ".join(references)[:200],
            detail={"references": references, "status": status},
        )


# PUBLISHING: models with a `status` that may be "published" (stories, topics). Their change
# form is caught here; their bulk actions record through services.publication_bulk.
PUBLISHABLE = ["stories.Story", "education.Topic"]


def publication_before(sender, instance, **kwargs):
    instance._audit_status = (
        sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


def publication_after(sender, instance, **kwargs):
    before = getattr(instance, "_audit_status", None)
    if (before == PUBLISHED) != (instance.status == PUBLISHED):
        action = AuditAction.PUBLISHED if instance.status == PUBLISHED else AuditAction.UNPUBLISHED
        audit_record(action=action, obj=instance, object_label=instance.title)


def connect_publishable_models():
    for label in PUBLISHABLE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        pre_save.connect(publication_before, sender=model, dispatch_uid=f"audit_pub_{label}_pre")
        post_save.connect(publication_after, sender=model, dispatch_uid=f"audit_pub_{label}_post")


connect_publishable_models()
