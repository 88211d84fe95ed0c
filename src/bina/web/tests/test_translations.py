"""The English catalogue: complete, consistent with its compiled .mo, and actually used.

The msgids are Indonesian (the product's first language); ``locale/en`` offers English. These
tests need no database: they read ``django.po`` with a small parser and ``django.mo`` with a
small reader, so that a missing translation, a forgotten ``compilemessages`` or a broken
placeholder fails here rather than on a page.
"""

from __future__ import annotations

import gettext
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

KEY_PHRASE = ("Pegawai per perangkat daerah", "Employees per regional unit")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


def _unquote(quoted: str) -> str:
    """A PO string literal (with its quotes) → its text."""
    assert quoted.startswith('"') and quoted.endswith('"'), quoted
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], quoted[1:-1])


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 only, unless plural
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def mo_key(self) -> str:
        """The key under which msgfmt stores this entry in a .mo file."""
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\0{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"

    @property
    def mo_value(self) -> str:
        return "\0".join(self.msgstr[i] for i in sorted(self.msgstr))


def parse_po(text: str) -> list[Entry]:
    """Entries of a PO file, header included; obsolete (``#~``) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None

    def finish() -> None:
        nonlocal current, key
        if current is not None and key is not None:
            entries.append(current)
        current, key = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if key is not None:  # a comment after the strings starts the next entry
                finish()
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith('"'):
            assert key is not None, f"django.po:{number}: continuation without a keyword"
            _append(current, key, _unquote(line))
            continue
        match = _KEYWORD.match(line)
        assert match, f"django.po:{number}: cannot read {raw!r}"
        if match.group(1) in ("msgctxt", "msgid") and key is not None and key.startswith("msgstr"):
            finish()
            current = Entry(line=number)
        key = match.group(1)
        _set(current, key, _unquote(match.group(2)))
    finish()
    return entries


def _set(entry: Entry, key: str, value: str) -> None:
    if key == "msgid":
        entry.msgid = value
    elif key == "msgctxt":
        entry.msgctxt = value
    elif key == "msgid_plural":
        entry.msgid_plural = value
    else:
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry.msgstr[index] = value


def _append(entry: Entry, key: str, value: str) -> None:
    if key == "msgid":
        entry.msgid += value
    elif key == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif key == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry.msgstr[index] += value


def read_mo(data: bytes) -> dict[str, str]:
    """Every (key → value) pair of a GNU .mo file, header (key "") included."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    assert struct.unpack(order + "I", data[:4])[0] == 0x950412DE, "not a .mo file"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    pairs: dict[str, str] = {}
    for i in range(count):
        o_len, o_off = struct.unpack(order + "2I", data[originals + 8 * i:originals + 8 * i + 8])
        t_len, t_off = struct.unpack(
            order + "2I", data[translations + 8 * i:translations + 8 * i + 8]
        )
        key = data[o_off:o_off + o_len].decode("utf-8")
        pairs[key] = data[t_off:t_off + t_len].decode("utf-8")
    return pairs


def _entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def _messages() -> list[Entry]:
    return [e for e in _entries() if e.msgid]


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line}: {entry.msgid!r}"


def test_the_catalogue_exists_and_is_sizeable() -> None:
    assert PO.is_file(), f"{PO} is missing: run makemessages -l en"
    assert MO.is_file(), f"{MO} is missing: run msgfmt (or compilemessages)"
    messages = _messages()
    assert len(messages) > 300
    assert len({(e.msgctxt, e.msgid) for e in messages}) == len(messages), "duplicate msgids"


def test_every_msgid_has_an_english_translation() -> None:
    untranslated = [_where(e) for e in _messages()
                    if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


def test_no_entry_is_left_fuzzy() -> None:
    # A fuzzy entry is ignored by msgfmt: the page would silently stay Indonesian.
    fuzzy = [_where(e) for e in _messages() if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


def test_plural_entries_have_both_english_forms() -> None:
    header = _entries()[0]
    assert header.msgid == ""
    assert "nplurals=2; plural=(n != 1);" in header.msgstr[0]
    for e in _messages():
        if e.msgid_plural is not None:
            assert sorted(e.msgstr) == [0, 1], _where(e)


def test_placeholders_are_kept() -> None:
    wrong = []
    for e in _messages():
        expected = sorted(_PLACEHOLDER.findall(e.msgid))
        if e.msgid_plural is not None:
            # English may drop the number in the singular ("one code"), never in the plural.
            if sorted(_PLACEHOLDER.findall(e.msgstr[1])) != sorted(
                _PLACEHOLDER.findall(e.msgid_plural)
            ):
                wrong.append(_where(e))
            continue
        if sorted(_PLACEHOLDER.findall(e.msgstr.get(0, ""))) != expected:
            wrong.append(_where(e))
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_mo_holds_exactly_the_entries_of_the_po() -> None:
    # msgfmt leaves out fuzzy and untranslated entries (those fail the tests above).
    from_po = {e.mo_key: e.mo_value for e in _entries()
               if not e.msgid or ("fuzzy" not in e.flags and all(e.msgstr.values()))}
    from_mo = read_mo(MO.read_bytes())
    assert set(from_mo) == set(from_po), (
        "django.mo is stale: recompile django.po "
        f"(only in .po: {sorted(set(from_po) - set(from_mo))[:5]}, "
        f"only in .mo: {sorted(set(from_mo) - set(from_po))[:5]})"
    )
    differing = [k for k in from_po if k and from_po[k] != from_mo[k]]
    assert not differing, f"django.mo is stale: recompile django.po ({differing[:5]})"


def test_the_mo_is_what_msgfmt_makes_of_the_po(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian package gettext) is not installed: cannot recompile the .po")
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(compiled), str(PO)], check=True)
    assert read_mo(compiled.read_bytes()) == read_mo(MO.read_bytes()), (
        "django.mo does not match django.po: run "
        "msgfmt --check -o src/bina/locale/en/LC_MESSAGES/django.mo "
        "src/bina/locale/en/LC_MESSAGES/django.po"
    )


def test_python_gettext_reads_the_key_phrase_from_the_mo() -> None:
    with MO.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    assert catalogue.gettext(KEY_PHRASE[0]) == KEY_PHRASE[1]
    assert catalogue.ngettext("%(n)s kode", "%(n)s kode", 1) % {"n": 1} == "1 code"
    assert catalogue.ngettext("%(n)s kode", "%(n)s kode", 2) % {"n": 2} == "2 codes"


def test_django_serves_the_catalogue_from_locale_paths() -> None:
    with translation.override("en"):
        assert translation.gettext(KEY_PHRASE[0]) == KEY_PHRASE[1]
        assert translation.gettext("Keluar") == "Sign out"
    with translation.override("id"):
        assert translation.gettext(KEY_PHRASE[0]) == KEY_PHRASE[0]


def test_the_parser_reads_what_msgfmt_reads() -> None:
    sample = (
        '# header\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.html:1\n#, python-format\nmsgid ""\n"Dua baris "\n"\\"dikutip\\""\n'
        'msgstr "Two lines \\"quoted\\""\n'
        'msgctxt "peran"\nmsgid "Pegawai"\nmsgstr "Employee"\n\n'
        'msgid "%(n)s kode"\nmsgid_plural "%(n)s kode"\nmsgstr[0] "%(n)s code"\n'
        'msgstr[1] "%(n)s codes"\n\n#~ msgid "usang"\n#~ msgstr "obsolete"\n'
    )
    entries = parse_po(sample)
    assert [e.msgid for e in entries] == ["", 'Dua baris "dikutip"', "Pegawai", "%(n)s kode"]
    assert entries[1].msgstr == {0: 'Two lines "quoted"'} and "python-format" in entries[1].flags
    assert entries[2].mo_key == "peran\x04Pegawai"
    assert entries[3].mo_key == "%(n)s kode\0%(n)s kode"
    assert entries[3].mo_value == "%(n)s code\0%(n)s codes"
