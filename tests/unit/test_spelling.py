"""Chat misspellings and lower-case names put right before the rules read a turn."""

from __future__ import annotations

import pytest

from langmem_local.references import capitalise_kin_names
from langmem_local.spelling import standard_spelling


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("finaly moved into are new house", "finally moved into our new house"),
        ("picked up pottery insted", "picked up pottery instead"),
        ("wat food shud i get her", "what food should i get her"),
        ("Im so tired, shes a handful", "I'm so tired, she's a handful"),
        ("we are new here", "we are new here"),  # "are" as a verb stays
        ("Finaly!", "Finally!"),
    ],
)
def test_common_misspellings_are_corrected(typed, read):
    assert standard_spelling(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("my son eli is in 2nd grade", "my son Eli is in 2nd grade"),
        ("my best friend marcus lives in seattle", "my best friend Marcus lives in seattle"),
        ("her name is mochi", "her name is Mochi"),
        ("her name is mochi shes a calico", "her name is Mochi shes a calico"),
        ("her name is mochi she's a calico", "her name is Mochi, she's a calico"),
        ("my dog really loves walks", "my dog really loves walks"),  # an adverb is no name
        ("my mom is sick", "my mom is sick"),
        ("my sister will visit", "my sister will visit"),  # "will" is a word first
    ],
)
def test_lower_case_names_after_a_relative_or_a_naming(typed, read):
    assert capitalise_kin_names(typed) == read
