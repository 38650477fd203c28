"""An officer attaches screenshots, chat exports and PDFs; files are typed by content and only ever downloaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from antifraud.cases.files import clean_filename, sniff_media_type
from tests.factories import case_payload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
HTML = "<!DOCTYPE html><html><body><script>alert('x')</script>聊天记录</body></html>".encode()


def test_types_come_from_the_content_not_the_name() -> None:
    assert sniff_media_type(PNG) == "image/png" and sniff_media_type(PDF) == "application/pdf"
    assert sniff_media_type(HTML) == "text/html"
    assert sniff_media_type(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>') == "text/html"
    assert sniff_media_type("2026-03-01 10:22 客服：请转账到安全账户".encode()) == "text/plain"
    assert sniff_media_type(b"MZ\x90\x00\x03\x00\x00\x00") is None  # a Windows program
    assert sniff_media_type(b"PK\x03\x04\x14\x00\x00\x00") is None  # an archive
    assert clean_filename("../../etc/passwd") == "passwd" and clean_filename('a"b;.png') == "ab.png"


def test_a_screenshot_is_kept_outside_with_its_hash(api, login, _attachments_in_tmp: Path) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    r = api.post(f"/cases/{case['id']}/attachments", headers=headers,
                 files={"file": ("转账截图.txt", PNG, "text/plain")})  # the name and declared type lie
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["media_type"] == "image/png" and out["size"] == len(PNG)
    assert out["sha256"] == hashlib.sha256(PNG).hexdigest() and out["filename"] == "转账截图.txt"
    stored = list((_attachments_in_tmp / "attachments").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == PNG and "转账" not in stored[0].name
    got = api.get(f"/cases/{case['id']}/attachments/{out['id']}", headers=headers)
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"
    listed = api.get(f"/cases/{case['id']}", headers=headers).json()["attachments"]
    assert [a["id"] for a in listed] == [out["id"]]


def test_an_html_chat_export_is_served_only_as_a_download(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("analyst")
    out = api.post(f"/cases/{case['id']}/attachments", headers=headers,
                   files={"file": ("chat.html", HTML, "text/html")}).json()
    assert out["media_type"] == "text/html"
    got = api.get(f"/cases/{case['id']}/attachments/{out['id']}", headers=headers)
    assert got.status_code == 200 and got.content == HTML
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"] == "attachment; filename=\"chat.html\"; filename*=UTF-8''chat.html"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in got.headers["content-security-policy"]


def test_refused_types_and_sizes_name_the_file_field(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    headers = login("call_taker")
    for content in (b"MZ\x90\x00\x03\x00\x00\x00" * 4, b"", PDF + b"\x00" * (10 * 1024 * 1024)):
        r = api.post(f"/cases/{case['id']}/attachments", headers=headers,
                     files={"file": ("report.pdf", content, "application/pdf")})
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "file"
    assert api.get(f"/cases/{case['id']}", headers=headers).json()["attachments"] == []


def test_only_readers_of_the_case_download_its_files(api, login) -> None:
    case = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    out = api.post(f"/cases/{case['id']}/attachments", headers=login("call_taker"),
                   files={"file": ("a.pdf", PDF, "application/pdf")}).json()
    path = f"/cases/{case['id']}/attachments/{out['id']}"
    assert api.get(path, headers=login("bank_liaison", "ICBC")).status_code == 403
    assert api.get(path, headers=login("analyst", "JH-330702")).status_code == 404
    other = api.post("/cases", headers=login("call_taker"), json=case_payload()).json()
    assert api.get(f"/cases/{other['id']}/attachments/{out['id']}", headers=login("analyst")).status_code == 404
    assert api.post(f"/cases/{case['id']}/attachments", headers=login("bank_liaison", "ICBC"),
                    files={"file": ("a.pdf", PDF, "application/pdf")}).status_code == 403
