from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Madrasti Growth; the role mirrors the host platform's roles."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")
        ADMIN = "admin", _("School administrator")
        PARENT = "parent", _("Parent")

    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.STUDENT)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    external_ref = models.CharField(
        _("Madrasti 2.0 user id"),
        max_length=64,
        blank=True,
        help_text=_("Set by sign-in with Madrasti 2.0 and by roster sync."),
    )
    # The anonymous stand-in an erased student's learning record moves to (docs/privacy.md):
    # no name, no email, no sign-in.
    is_erased = models.BooleanField(
        _("stand-in for an erased student"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The host platform identifies people by email, so one email means one person.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="user_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        if self.is_erased:
            return str(_("Former student"))
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_parent(self) -> bool:
        return self.role == self.Role.PARENT


class ParentLink(models.Model):
    """A parent (or guardian) who may follow a child's growth.

    Links from Madrasti 2.0 (roster sync, a parent's sign-in) are kept in step with the host;
    links added by an administrator here are left alone by both.
    """

    class Source(models.TextChoices):
        HOST = "host", _("Madrasti 2.0")
        ADMIN = "admin", _("Added by an administrator")

    parent = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="child_links",
        limit_choices_to={"role": User.Role.PARENT},
        verbose_name=_("parent"),
    )
    child = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="parent_links",
        limit_choices_to={"role": User.Role.STUDENT},
        verbose_name=_("child"),
    )
    since = models.DateTimeField(_("linked since"), default=timezone.now)
    source = models.CharField(
        _("source"), max_length=8, choices=Source, default=Source.ADMIN, editable=False
    )

    class Meta:
        verbose_name = _("parent link")
        verbose_name_plural = _("parent links")
        ordering = ["parent", "child"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="parent_link_once"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("child")), name="parent_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"

    def clean(self) -> None:
        errors = {}
        if self.parent_id and not self.parent.is_parent:
            errors["parent"] = ValidationError(
                _("Only an account with the parent role can follow a child."), code="not_parent"
            )
        if self.child_id and not self.child.is_student:
            errors["child"] = ValidationError(
                _("Parents follow students only."), code="not_student"
            )
        if errors:
            raise ValidationError(errors)
