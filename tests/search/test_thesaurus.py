"""The thesaurus: one-way entries beside groups, entries that would loop or
blow up a query refused, the seed loaded and valid, phrases put back
together. (The everyday words are searched on both engines in test_recall.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from search import analysis, thesaurus
from search.models import Synonym

pytestmark = pytest.mark.django_db


def _refused(words: str, means: str = "") -> str:
    with pytest.raises(ValidationError) as refused:
        Synonym(words=words, means=means).full_clean()
    return " ".join(refused.value.messages)


def test_every_seed_entry_is_valid_and_loaded_by_the_migration():
    entries = thesaurus.seed()
    assert len(entries) >= 300
    accepted: list[thesaurus.Entry] = []
    for entry in entries:
        assert not thesaurus.problems(entry, accepted), entry
        accepted.append(entry)
    stored = {s.words for s in Synonym.objects.filter(note="起步词表")}
    assert stored == {" ".join(entry.words) for entry in entries}
    categories = {entry.category for entry in entries}
    assert categories == {"activity", "health", "service", "place", "sound"}


def test_one_way_entries_expand_only_forwards():
    mapping = thesaurus.expansions(
        [
            thesaurus.Entry(words=("太级拳", "太急拳"), means=("太极拳",)),
            thesaurus.Entry(words=("摔倒", "跌倒")),
        ]
    )
    assert mapping["太级拳"] == ["太极拳"] and "太极拳" not in mapping
    assert mapping["摔倒"] == ["跌倒"] and mapping["跌倒"] == ["摔倒"]


def test_entries_that_loop_or_explode_are_refused():
    Synonym.objects.all().delete()
    assert "两个" in _refused("摔倒")
    assert "两边" in _refused("防骗 诈骗", "诈骗")
    assert "最多写 10 个词" in _refused(" ".join(f"词{i}" for i in range(11)))
    assert "太长" in _refused("太" * 21, "太极")
    assert "符号" in _refused("😀", "太极拳")
    assert "符号" in _refused("<b>粗</b>", "太极拳")
    Synonym(words="wi-fi 无线网").full_clean()

    Synonym.objects.create(words="甲乙", means="丙丁")
    Synonym.objects.create(words="丙丁", means="戊己")
    assert "绕回自己：戊己 → 甲乙 → 丙丁 → 戊己" in _refused("戊己", "甲乙")
    # A group closing the circle is refused too, but a group on its own is not.
    assert "绕回自己" in _refused("戊己 甲乙")
    Synonym(words="庚辛 壬癸").full_clean()

    for words in ("扩展", "扩展 别名一", "扩展 别名二"):
        means = " ".join(f"{words[-1]}{n}" for n in range(4))
        Synonym.objects.create(words=words, means=means)
    assert "会被扩展成 13 个词" in _refused("扩展 再一个", "最后")


def test_a_phrase_jieba_cuts_apart_is_found_as_the_entry():
    synonyms = {"血压高": ["高血压"], "太级拳": ["太极拳"]}
    for query, word in (("血压高", "血压高"), ("我想学太级拳", "太级拳")):
        concepts = analysis.concepts(query, synonyms=synonyms)
        assert [c.word for c in concepts] == [word]
        assert ("高血压",) in concepts[0].alternatives or ("太极拳",) in concepts[
            0
        ].alternatives
