from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import validate_siret


class Territory(models.Model):
    """An INSEE région or département, as the Code officiel géographique of a year lists it."""

    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTMENT = "department", _("Département")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code INSEE"), max_length=3)
    name = models.CharField(_("nom"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
        limit_choices_to={"kind": "region"},
    )
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"))

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "cog_year"], name="territory_unique_code_per_year"
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.DEPARTMENT:
            return f"{self.name} ({self.code})"
        return self.name


class ReferenceItem(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Theme(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class TargetPublic(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("public cible")
        verbose_name_plural = _("publics cibles")


class Organisation(models.Model):
    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association loi 1901")
        FOUNDATION = "foundation", _("Fondation")
        SCIC = "scic", _("SCIC")
        SCOP = "scop", _("SCOP")
        ESUS = "esus", _("Entreprise agréée ESUS")
        COMPANY = "company", _("Entreprise commerciale")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        PUBLIC_BODY = "public_body", _("Établissement public")
        GIP = "gip", _("Groupement d'intérêt public")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, facultatif."),
    )
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=LegalForm.choices, blank=True
    )
    not_for_profit = models.BooleanField(_("structure à but non lucratif"), default=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membres"),
        blank=True,
        related_name="organisations",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~models.Q(siret=""),
                name="organisation_unique_siret",
                violation_error_message=_(
                    "Une structure avec ce SIRET est déjà inscrite : demandez à l'un de ses "
                    "membres de vous y ajouter, ou écrivez à l'équipe de l'accélérateur."
                ),
            )
        ]

    def __str__(self):
        return self.name


class Call(models.Model):
    """An appel à initiatives, such as AIS#Emploi."""

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))

    class Meta:
        verbose_name = _("appel à initiatives")
        verbose_name_plural = _("appels à initiatives")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("La clôture ne peut pas précéder l'ouverture.")})

    @property
    def is_open(self):
        return self.opens_on <= timezone.localdate() <= self.closes_on
