"""治安管理处罚法 (public-security administration punishments law): the article on threats, insults and harassment.

Two versions; the one in force on the day of the contact applies (:func:`article_on`).

``psap-2025-50`` — 《中华人民共和国治安管理处罚法》（2025年修订）第五十条, in force
from 2026-01-01 (verbatim from ``data/provisions.yaml``, status in-force)::

    有下列行为之一的，处五日以下拘留或者一千元以下罚款；情节较重的，处五日以上十日以下拘留，可以并处一千元以下罚款：
    （一）写恐吓信或者以其他方法威胁他人人身安全的；
    （二）公然侮辱他人或者捏造事实诽谤他人的；
    （三）捏造事实诬告陷害他人，企图使他人受到刑事追究或者受到治安管理处罚的；
    （四）对证人及其近亲属进行威胁、侮辱、殴打或者打击报复的；
    （五）多次发送淫秽、侮辱、恐吓等信息或者采取滋扰、纠缠、跟踪等方法，干扰他人正常生活的；
    （六）偷窥、偷拍、窃听、散布他人隐私的。
    有前款第五项规定的滋扰、纠缠、跟踪行为的，除依照前款规定给予处罚外，经公安机关负责人批准，可以责令其一定期限内禁止接触被侵害人。对违反禁止接触规定的，处五日以上十日以下拘留，可以并处一千元以下罚款。

``psap-2012-42`` — 《中华人民共和国治安管理处罚法》（2012年修正）第四十二条, for
contacts from 2013-01-01 to 2025-12-31 (verbatim, status superseded)::

    有下列行为之一的，处五日以下拘留或者五百元以下罚款；情节较重的，处五日以上十日以下拘留，可以并处五百元以下罚款：
    （一）写恐吓信或者以其他方法威胁他人人身安全的；
    （二）公然侮辱他人或者捏造事实诽谤他人的；
    （三）捏造事实诬告陷害他人，企图使他人受到刑事追究或者受到治安管理处罚的；
    （四）对证人及其近亲属进行威胁、侮辱、殴打或者打击报复的；
    （五）多次发送淫秽、侮辱、恐吓或者其他信息，干扰他人正常生活的；
    （六）偷窥、偷拍、窃听、散布他人隐私的。

The rules cite the items of the list by number: :data:`THREAT_TO_SAFETY` (（一）),
:data:`PUBLIC_INSULT` (（二）), :data:`HARASSING_MESSAGES` (（五）) and
:data:`SPREADING_PRIVACY` (（六）). In the 2025 article the list is the first
paragraph (第一款); the 2012 article has one paragraph, so its items carry no
paragraph number.

Scope and limits: a statute (rated ``breach-of-law``), but only the public
security organs decide whether conduct is a violation; the engine rates only
threats to personal safety against it (item (一)) and cites the other items in
its explanations. Items (三) and (四) and the 2025 second paragraph (禁止接触)
are not used. Before 2013-01-01 no version is in the book: the article is then
named without a number.
"""

from __future__ import annotations

import datetime as _dt
import functools

from .. import law
from .instruments import Clause, in_force

ARTICLES = ("psap-2025-50", "psap-2012-42")
# Articles whose list of items is one of several paragraphs (the list is the first).
_LIST_IN_FIRST_PARAGRAPH = ("psap-2025-50",)

THREAT_TO_SAFETY = 1  # （一）写恐吓信或者以其他方法威胁他人人身安全的
PUBLIC_INSULT = 2  # （二）公然侮辱他人或者捏造事实诽谤他人的
HARASSING_MESSAGES = 5  # （五）多次发送……信息……干扰他人正常生活的
SPREADING_PRIVACY = 6  # （六）偷窥、偷拍、窃听、散布他人隐私的


@functools.lru_cache(maxsize=65536)
def article_on(day: _dt.date) -> str | None:
    """The provision id of the version in force on ``day`` (the newest), or None."""
    live = [p for p in ARTICLES if in_force(p, day)]
    return max(live, key=lambda p: str(law.provision(p)["effective"])) if live else None


def item(day: _dt.date, number: int) -> Clause:
    """Item ``number`` of the article in force on ``day``."""
    pid = article_on(day)
    return Clause(pid, 1 if pid in _LIST_IN_FIRST_PARAGRAPH else None, number)
