"""The Django releases this service supports: the long-term support releases 4.2 and 5.2.

requirements.txt pins 5.2; the platform's policy gate runs these tests on 4.2, the oldest supported
release, so code that needs a newer Django fails before it ships. Moving to another release means
adding it here once the tests pass on it.
"""

import re
from pathlib import Path

import django

SUPPORTED = ((4, 2), (5, 2))
ROOT = Path(__file__).parents[1]


def test_runs_on_a_supported_django_release():
    release = django.VERSION[:2]
    assert release in SUPPORTED, f"Django {django.get_version()} is not a supported release: {SUPPORTED}"


def test_the_pinned_django_is_a_supported_release():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pin = re.search(r"^Django==(\d+)\.(\d+)\.\d+$", requirements, re.MULTILINE)
    assert pin, "requirements.txt pins no Django release"
    assert (int(pin[1]), int(pin[2])) in SUPPORTED
