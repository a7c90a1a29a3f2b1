"""Presence: a heartbeat per signed-in user, the others listed (permissions.author_of)."""

from django.contrib.auth.models import AnonymousUser

from workbench.models import Presence
from workbench.selectors.presence import others_present
from workbench.services.presence import heartbeat


def test_heartbeat_and_others_present(sample_document, languages, translator, reviewer):
    de = languages["de"]
    heartbeat(AnonymousUser(), sample_document, de)
    heartbeat(None, sample_document, de)
    assert not Presence.objects.exists()
    heartbeat(translator, sample_document, de)
    heartbeat(reviewer, sample_document, de)
    assert others_present(translator, sample_document, de) == [reviewer.username]
    assert others_present(AnonymousUser(), sample_document, de) == sorted(
        [translator.username, reviewer.username]
    )
