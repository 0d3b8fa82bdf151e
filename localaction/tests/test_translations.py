"""Every interface text is translated: the catalogues are complete and well-formed."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_the_catalogue_is_complete(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    messages = [message for message in catalogue if message.id]
    assert len(messages) > 100
    # A plural message has one string per plural form; every one must be filled.
    strings = {m.id: m.string if isinstance(m.string, tuple) else (m.string,) for m in messages}
    assert [message_id for message_id, forms in strings.items() if not all(forms)] == []
    assert [m.id for m in messages if m.fuzzy] == []
    # Placeholders survive translation (Babel's checks: python-format and the like).
    assert [(message.id, errors) for message, errors in catalogue.check()] == []
