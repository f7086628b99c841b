"""Boilerplate clauses for the generated contracts. Placeholders in braces are filled
from the drawn content ({service}, {term}, {fee}, {court}; {term}, {law}, {renewal})."""

from __future__ import annotations

# (heading, body): the articles on the first page, then those on the second.
JA_ARTICLES_BEFORE = (
    ("目的", "甲は、乙に対し、{service}（以下「本業務」という）を委託し、乙はこれを受託する。"),
    ("業務内容", "乙は、本業務を善良な管理者の注意をもって誠実に遂行するものとし、本業務の"
     "詳細は、甲乙協議の上、別途定める仕様書によるものとする。"),
    ("契約期間", "{term}"),
    ("委託料", "{fee}"),
    ("再委託", "乙は、甲の事前の書面による承諾を得ることなく、本業務の全部又は一部を第三者に"
     "再委託してはならない。"),
    ("秘密保持", "甲及び乙は、本契約に関連して知り得た相手方の技術上又は営業上の情報を、相手方の"
     "事前の書面による承諾なく第三者に開示又は漏えいしてはならない。本条の義務は、本契約終了後も"
     "3年間存続する。"),
)
JA_ARTICLES_AFTER = (
    ("損害賠償", "甲又は乙は、本契約に違反して相手方に損害を与えたときは、相手方に対し、"
     "その損害を賠償する責任を負う。"),
    ("契約の解除", "甲又は乙は、相手方が本契約のいずれかの条項に違反し、相当の期間を定めて"
     "催告したにもかかわらず、その期間内に是正されないときは、本契約を解除することができる。"),
    ("反社会的勢力の排除", "甲及び乙は、自己が暴力団、暴力団員その他の反社会的勢力に該当しない"
     "ことを表明し、将来にわたっても該当しないことを確約する。"),
    ("合意管轄", "本契約に関して甲乙間に紛争が生じたときは、{court}を第一審の専属的合意管轄"
     "裁判所とする。"),
    ("協議", "本契約に定めのない事項又は本契約の解釈について疑義が生じた事項については、甲乙"
     "誠実に協議の上、解決するものとする。"),
)

# (heading, body) of the numbered sections of the NDA; the first six fill page one.
EN_NDA_SECTIONS = (
    ("Confidential Information", '"Confidential Information" means any non-public business, '
     "technical or financial information disclosed by either party (the \"Disclosing Party\") "
     "to the other party (the \"Receiving Party\"), whether orally, in writing or in any other "
     "form, that is marked as confidential or would reasonably be understood to be "
     "confidential."),
    ("Obligations", "The Receiving Party shall (a) use the Confidential Information solely to "
     "evaluate a potential business relationship between the parties (the \"Purpose\"), "
     "(b) not disclose it to any third party other than its employees and advisors who need "
     "to know it for the Purpose and are bound by obligations at least as protective as "
     "these, and (c) protect it with at least reasonable care."),
    ("Exclusions", "Confidential Information does not include information that (a) is or "
     "becomes publicly available through no fault of the Receiving Party, (b) was known to "
     "the Receiving Party before disclosure, (c) is independently developed without use of "
     "the Confidential Information, or (d) is rightfully received from a third party "
     "without a duty of confidentiality."),
    ("Term", "This Agreement shall remain in effect for a period of {term} from the "
     "Effective Date.{renewal}"),
    ("Return of Materials", "Upon written request of the Disclosing Party, the Receiving "
     "Party shall promptly return or destroy all Confidential Information in its "
     "possession and certify such destruction in writing."),
    ("No License", "Nothing in this Agreement grants either party any right or license "
     "under any patent, copyright, trade secret or other intellectual property right of the "
     "other party."),
    ("Remedies", "Each party acknowledges that unauthorized disclosure of Confidential "
     "Information may cause irreparable harm, for which the Disclosing Party shall be "
     "entitled to seek injunctive relief in addition to any other remedies."),
    ("Governing Law", "This Agreement shall be governed by and construed in accordance with "
     "the laws of the State of {law}, without regard to its conflict of laws principles."),
    ("Entire Agreement", "This Agreement constitutes the entire agreement between the parties "
     "concerning its subject matter and may be amended only in a writing signed by both "
     "parties."),
)
