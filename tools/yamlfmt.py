"""Write data/provisions.yaml in its canonical layout (text as literal blocks).

Usage: python tools/yamlfmt.py  (rewrites data/provisions.yaml in place)
"""

import sys
from pathlib import Path

import yaml

KEYS = ["id", "law", "article", "text", "reported", "effective", "source", "status", "note"]


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

HEADER = """\
# Provisions cited in the book: verbatim text, one entry per article.
#
# id:        <law-key>-<article in Arabic digits> (law keys: data/laws.yaml)
# text:      verbatim as published, without the 第…条 heading; one paragraph
#            or item per line. Empty only when status is unverified.
# reported:  for unverified entries only: what secondary sources report,
#            never presented as the text itself.
# source:    where the text was read (owner/repo:path@commit, or URL).
# status:    in-force | superseded | unverified
# background: true for entries kept on purpose although no chapter cites them.
"""


def dump(entries, path):
    ordered = []
    for e in entries:
        keys = KEYS + [k for k in e if k not in KEYS]
        ordered.append({k: e[k] for k in keys if k in e and e[k] not in (None, "")
                        or (k == "text" and k in e)})
    body = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(HEADER + "\n" + body, encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "data/provisions.yaml")
    dump(yaml.safe_load(target.read_text(encoding="utf-8")), target)
