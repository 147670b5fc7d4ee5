"""Ingestion of the sample reports and of the same text in other encodings and formats."""

from __future__ import annotations

import pytest

from ner.ingest import IngestError, read_bytes, read_document, sniff_format


def test_sample_report_reads_with_metadata(sample_paths):
    doc = read_document(sample_paths[3])
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert "甬江实验室" in doc.text
    assert doc.region == "宁波市镇海区"
    assert doc.year == 2023
    assert len(doc.content_hash) == 64 and doc.id == doc.content_hash[:16]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_text(sample_paths, encoding):
    original = read_document(sample_paths[2])
    data = original.text.encode(encoding)
    doc = read_bytes(data, f"report.{encoding}.txt")
    assert doc.text == original.text
    assert doc.content_hash == original.content_hash


def test_empty_file_is_refused_with_its_name(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"   \n")
    with pytest.raises(IngestError) as err:
        read_document(p)
    assert "empty.txt" in str(err.value) and err.value.reason == "empty file"


def test_sniff_format():
    assert sniff_format(b"%PDF-1.4 ...") == "pdf"
    assert sniff_format(b"PK\x03\x04....") == "docx"
    assert sniff_format("<html><body>科技</body></html>".encode()) == "html"
    assert sniff_format("科技局工作总结".encode()) == "txt"
