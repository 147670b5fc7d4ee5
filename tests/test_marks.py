"""ner/marks.py: the one definition of quotes, notes, masks and width normalisation."""

from __future__ import annotations

from ner.marks import NOTE, is_masked, masked_before, narrow, strip_note
from ner.normalize import display_name, match_key


def test_notes_are_read_and_stripped_by_one_pattern():
    m = NOTE.match("(原鄞州科技信息园)获批")
    assert m and m.group(2) == "鄞州科技信息园"
    m = NOTE.match("（以下简称“东方理工”）与")
    assert m and m.group(3) == "东方理工"
    assert NOTE.match("(暂名)") and NOTE.match("（筹）")
    assert not NOTE.match("(宁波)")
    assert strip_note("宁波东方理工大学（以下简称“东方理工”）") == "宁波东方理工大学"
    assert strip_note("之江实验室(暂名)") == "之江实验室"
    assert strip_note("中石化(宁波)安全科技有限公司") == "中石化(宁波)安全科技有限公司"
    assert display_name("“宁波智能装备研究院(筹)”") == "宁波智能装备研究院"


def test_masks():
    for name in ("xx有色公司", "XX县区", "某公司", "〇〇研究院", "***研究院", "x明正变电"):
        assert is_masked(name), name
    for name in ("Xilinx中国研发中心", "宁波大学", "〇一研究所"):
        assert not is_masked(name), name
    assert masked_before("x明正变电", 1) and masked_before("某研究院", 1) and masked_before("〇研究院", 1)
    assert not masked_before("TCL科技", 3) and not masked_before("宁波大学", 0) and not masked_before("与宁波大学", 1)


def test_width_is_normalised_once():
    assert narrow("ＡＢＣ１２３（宁波）") == "ABC123(宁波)"
    assert match_key("中石化（宁波）") == match_key("中石化(宁波)")
