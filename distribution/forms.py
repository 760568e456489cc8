from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from releases.models import PartnerNation, PressRelease, Topic
from releases.models.reference import sort_key
from releases.widgets import CheckboxList, UpperCaseValuesMixin

from .models import Subscriber

CONSENT = _(
    "By confirming, you agree to receive the press releases of CNES by e-mail at "
    "this address, in the language and on the subjects you chose. Every mail has a "
    "link to change your choices and one to unsubscribe at once. CNES keeps your "
    "address, name and outlet for this purpose only, until you unsubscribe."
)


class NationCheckboxList(UpperCaseValuesMixin, CheckboxList):
    pass


def by_name(objects):
    """Return (value, name) choices sorted by name in the active language."""
    return sorted(objects, key=lambda choice: sort_key(str(choice[1])))


class InterestsMixin:
    """Nations (ISO codes) and topics (slugs), named in the page's language.

    The topics are those of public releases, as on the public site: a topic that
    only drafts or scheduled releases name is not revealed (nor accepted); a
    subscriber keeps the topics they chose already.
    """

    def set_interest_choices(self, chosen_topics=()):
        self.fields["nations"].choices = by_name(
            (nation.code, nation.name) for nation in PartnerNation.objects.all()
        )
        topics = Topic.objects.filter(
            Q(pk__in=Topic.objects.with_public_releases().values("pk"))
            | Q(pk__in=[topic.pk for topic in chosen_topics])
        )
        self.fields["topics"].queryset = topics
        self.fields["topics"].choices = by_name(
            (topic.slug, topic.name) for topic in topics
        )


class InterestsField(forms.ModelMultipleChoiceField):
    """Several nations or topics; an empty value (``topics=``) means none."""

    def clean(self, value):
        return super().clean([item for item in value or [] if item])


def nations_field():
    return InterestsField(
        PartnerNation.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Partner nations"),
        widget=NationCheckboxList(attrs={"class": "choices"}),
    )


def topics_field():
    return InterestsField(
        Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Topics"),
        widget=CheckboxList(attrs={"class": "choices"}),
        help_text=_("Choose no nation and no topic to receive every release."),
    )


class SubscribeForm(InterestsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    outlet = forms.CharField(
        label=_("Outlet (optional)"),
        max_length=150,
        required=False,
        help_text=_("Newspaper, agency, channel…"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=PressRelease.Language,
        widget=forms.RadioSelect,
    )
    nations = nations_field()
    topics = topics_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"language": get_language()})
        super().__init__(*args, **kwargs)
        self.set_interest_choices()


class ManageForm(InterestsMixin, forms.ModelForm):
    nations = nations_field()
    topics = topics_field()

    class Meta:
        model = Subscriber
        fields = ["name", "outlet", "language", "nations", "topics"]
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.topics.all() if self.instance.pk is not None else ()
        self.set_interest_choices(chosen)


class CSVImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a first line naming the columns: email (required), name, "
            "outlet, language (en or fr)."
        ),
    )
    consent = forms.CharField(
        label=_("Consent"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How these people agreed to receive releases (kept with each new "
            "subscriber): “Accredited at the Tokyo forum, 2026; agreed on the "
            "accreditation form.”"
        ),
    )


class EmbargoForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Send to the lists"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from .models import SubscriberList

        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = SubscriberList.objects.all()
