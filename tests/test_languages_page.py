"""The languages page: site admins list the site's languages and add one by its tag, the
data filled in from CLDR; nobody else may."""

import pytest
from django.urls import reverse

from workbench.models import Language


def test_an_admin_adds_a_language_by_its_tag(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("languages"), {"code": "uk"}, follow=True)
    page = response.content.decode()
    assert "Added Ukrainian (uk)." in page
    uk = Language.objects.get(code="uk")
    assert uk.plural_forms.startswith("nplurals=3") and uk.direction == "ltr"
    # Each form with the numbers that take it.
    assert "n = 1, 21, 31, 41, …" in page
    client.post(reverse("languages"), {"code": "fa-AF"})
    assert Language.objects.get(code="fa-AF").direction == "rtl"
    again = client.post(reverse("languages"), {"code": "UK"}, follow=True).content.decode()
    assert "is already a language of the site" in again
    assert Language.objects.filter(code__iexact="uk").count() == 1


def test_an_unknown_tag_is_refused_with_close_matches(client, admin_user):
    client.force_login(admin_user)
    before = Language.objects.count()
    response = client.post(reverse("languages"), {"code": "german"})
    assert response.status_code == 400
    assert "Unknown language german. Did you mean: de?" in response.content.decode()
    assert Language.objects.count() == before


@pytest.mark.parametrize("who", ["translator", "reviewer", "outsider"])
def test_only_site_admins_see_or_change_the_languages(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("languages")).status_code == 403
    assert client.post(reverse("languages"), {"code": "it"}).status_code == 403
    assert not Language.objects.filter(code="it").exists()


def test_visitors_are_sent_to_log_in(client, languages):
    response = client.get(reverse("languages"))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.django_db
def test_the_list_names_languages_in_the_readers_language(client, admin_user):
    """In the German interface the list said "Ukrainian", "German": the stored English
    names. It gives the reader's name first, the English one beside it."""
    client.force_login(admin_user)
    client.post(reverse("languages"), {"code": "uk"})
    page = client.get(reverse("languages"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ukrainisch" in page and '<span class="meta" lang="en">(Ukrainian)</span>' in page
