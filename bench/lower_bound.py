"""The lower bound of an import as a process: the same work with the same libraries, and nothing else.

``bench_process.py`` runs this script beside the real commands, in the same rounds, so that the ratio
between the two says how much the application adds on top of the unavoidable work, whatever the speed of
the machine at that minute. What it does, and only that:

- lxml parses the zip member (``iterparse``, ELEVE and STRUCTURES_ELEVE), no security check, no limit;
- a minimal username per pupil (``prenom.nom``, ASCII, a counter for homonyms) and a random password;
- SQLite: one table, one ``executemany`` in one transaction;
- reportlab: a canvas with the same bundled TrueType fonts (embedded subsets), the same pages of slips
  (10 per A4 page, class by class, cut lines, the same lines of text per slip), drawn slip by slip;
- with ``--csv``: the same rows written by ``csv``.

No backup, no vault, no plan, no report, no atomic write. ``--parse-only`` stops after the parse (the lower
bound of ``inspect`` and of a re-import that changes nothing).

    python bench/lower_bound.py EXPORT.zip WORKDIR [--pdf] [--csv] [--parse-only]
"""

from __future__ import annotations

import argparse
import csv
import secrets
import sqlite3
import sys
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
FONTS = REPO / "resources" / "fonts"
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PER_PAGE = 10


def parse(path: str) -> list[tuple[str, str, str, str | None]]:
    """(eleve_id, family name, first name, class) per pupil."""
    people: dict[str, list] = {}
    classes: dict[str, str] = {}
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as stream:
        for _, element in etree.iterparse(stream, tag=("ELEVE", "STRUCTURES_ELEVE")):
            eleve_id = element.get("ELEVE_ID")
            if element.tag == "ELEVE":
                people[eleve_id] = [element.findtext("NOM_DE_FAMILLE"), element.findtext("PRENOM")]
            else:
                for structure in element.iterfind("STRUCTURE"):
                    if structure.findtext("TYPE_STRUCTURE") == "D":
                        classes[eleve_id] = structure.findtext("CODE_STRUCTURE")
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return [(key, family, first, classes.get(key)) for key, (family, first) in people.items()]


def ascii_part(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "".join(ch if ch.isalnum() else "-" for ch in folded).strip("-")


def usernames(pupils) -> list[str]:
    taken: dict[str, int] = {}
    result = []
    for _, family, first, _ in pupils:
        base = f"{ascii_part(first)}.{ascii_part(family)}"
        count = taken.get(base, 0) + 1
        taken[base] = count
        result.append(base if count == 1 else f"{base}{count}")
    return result


def password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(11))


def store(folder: Path, rows) -> None:
    conn = sqlite3.connect(folder / "lower-bound.sqlite3", isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, eleve_id TEXT, "
                 "family_name TEXT, first_name TEXT, class_code TEXT, username TEXT, password TEXT)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO accounts (eleve_id, family_name, first_name, class_code, username, "
                     "password) VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()


def write_pdf(path: Path, rows) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    faces = (("S", "DejaVuSans.ttf"), ("SB", "DejaVuSans-Bold.ttf"), ("MB", "DejaVuSansMono-Bold.ttf"))
    for name, file in faces:
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    rl_config.useA85 = 0  # as the application does: smaller streams, faster save
    width, height = A4
    slip_w, slip_h = (width - 20 * mm) / 2, (height - 45 * mm) / 5
    by_class: dict[str, list] = {}
    for row in rows:
        by_class.setdefault(row[3] or "", []).append(row)
    c = Canvas(str(path), pagesize=A4, initialFontName="S", pageCompression=1)
    for code in sorted(by_class):
        members = sorted(by_class[code], key=lambda r: (r[1], r[2]))
        for start in range(0, len(members), PER_PAGE):
            c.setFont("SB", 13)
            c.drawString(13 * mm, height - 23 * mm, f"Classe {code}")
            c.setFont("S", 8.5)
            c.drawString(13 * mm, height - 36 * mm, "Collège Jean Moulin")
            c.drawRightString(width - 13 * mm, height - 23 * mm, "Édité le 07/09/2026")
            c.setDash(4, 3)
            for index, (_, family, first, _, username, secret) in enumerate(members[start:start + PER_PAGE]):
                x = 10 * mm + (index % 2) * slip_w
                y = height - 24 * mm - (index // 2 + 1) * slip_h
                c.rect(x, y, slip_w, slip_h)
                c.setFont("SB", 8.5)
                c.drawString(x + 12, y + slip_h - 18, "Collège Jean Moulin")
                c.setFont("S", 8.5)
                c.drawString(x + 12, y + slip_h - 29, "elea.ac-paris.fr")
                c.drawString(x + 12, y + slip_h - 40, f"Classe : {code}")
                c.setFont("SB", 14)
                c.drawString(x + 12, y + slip_h - 60, f"{first} {family.upper()}")
                c.setFont("S", 8.5)
                c.drawString(x + 12, y + slip_h - 80, "Identifiant")
                c.drawString(x + 12, y + slip_h - 101, "Mot de passe")
                c.setFont("MB", 15)
                c.drawString(x + 75, y + slip_h - 80, username)
                c.setFont("MB", 17)
                c.drawString(x + 75, y + slip_h - 101, secret)
                c.setFont("S", 7.5)
                c.drawString(x + 12, y + 20, "À la première connexion, choisissez un nouveau mot de passe.")
                c.drawString(x + 12, y + 11, "Ne le communiquez à personne.")
            c.setFont("SB", 7)
            c.drawString(13 * mm, 17 * mm,
                         "Document confidentiel — à distribuer individuellement puis à détruire")
            c.showPage()
    c.save()


def write_csv(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["username", "password", "firstname", "lastname", "cohort1"])
        writer.writerows((r[4], r[5], r[2], r[1], r[3]) for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("export")
    parser.add_argument("workdir")
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--parse-only", action="store_true")
    args = parser.parse_args()
    pupils = parse(args.export)
    if args.parse_only:
        print(len(pupils))
        return 0
    folder = Path(args.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [(*pupil, username, password()) for pupil, username in zip(pupils, usernames(pupils), strict=True)]
    store(folder, rows)
    if args.pdf:
        write_pdf(folder / "lower-bound.pdf", rows)
    if args.csv:
        write_csv(folder / "lower-bound.csv", rows)
    print(len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
