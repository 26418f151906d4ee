"""Provides TBX (ISO 30042) reading and writing.

Reads TBX v2 (`martif`, `termEntry`/`langSet`/`tig`|`ntig`) and TBX v3 in DCA or DCT style
(`tbx`, `conceptEntry`/`langSec`/`termSec`). `administrativeStatus` maps preferred to approved,
admitted to alternate, deprecated and superseded to forbidden; an English term without a status
is approved if it is the first, an alternate otherwise. Writes TBX-Basic v3 in DCA style, with
the entity type in `subjectField` (the one concept-level category TBX-Basic offers for it).
"""

from __future__ import annotations

from lxml import etree

from termqa.errors import InputError
from termqa.fileio.glossary import parse_type, slug
from termqa.fileio.safexml import XML_NS, is_chinese, is_english, iterparse_xml, lang_of, local
from termqa.model import EntityType, Glossary, GlossaryEntry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
_STATUS = {
    "preferredterm-admn-sts": "approved",
    "preferred": "approved",
    "admittedterm-admn-sts": "alternate",
    "admitted": "alternate",
    "deprecatedterm-admn-sts": "forbidden",
    "deprecated": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "superseded": "forbidden",
    "notrecommended": "forbidden",
}
_CONCEPTS = ("conceptEntry", "termEntry")
_LANGS = ("langSec", "langSet")
_TERMS = ("termSec", "tig", "ntig")


def _children(element: etree._Element, names: tuple[str, ...]) -> list[etree._Element]:
    return [c for c in element if local(c.tag) in names]


def _category(element: etree._Element, name: str) -> str | None:
    """Value of a data category in DCA (`<x type="name">`) or DCT (`<ns:name>`) style, searched below element."""
    for node in element.iter():
        tag = local(node.tag)
        if (node.get("type") == name and tag in ("termNote", "descrip", "admin", "note")) or tag == name:
            return "".join(node.itertext()).strip()
    return None


def read_tbx(path: str, languages: set[str] | None = None) -> list[GlossaryEntry]:
    """Read a TBX file into glossary entries; concepts without Chinese or English terms are skipped.

    The file is parsed incrementally and each concept is freed once read, so a 100,000-entry
    termbase needs the memory of its entries, not of its tree.

    Raises:
        InputError: Malformed XML, a root that is not TBX, or a bad entity type.

    `languages`, when given, collects the language codes of every language section read.
    """
    out: list[GlossaryEntry] = []
    root_seen = False
    for event, element in iterparse_xml(path):
        if event == "start":
            if not root_seen:
                root_seen = True
                if local(element.tag) not in ("tbx", "martif"):
                    raise InputError(path, f"not a TBX file (root element is <{local(element.tag)}>)", element.sourceline)
            continue
        if local(element.tag) not in _CONCEPTS:
            continue
        entry = _entry(path, element, languages)
        if entry is not None:
            out.append(entry)
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    return out


def _entry(path: str, concept: etree._Element, languages: set[str] | None = None) -> GlossaryEntry | None:
    """The glossary entry of one concept element, or None when it has no usable terms."""
    sources: list[str] = []
    english: list[tuple[str, str | None]] = []
    for lang_el in _children(concept, _LANGS):
        lang = lang_of(lang_el)
        if languages is not None:
            languages.add(lang or "(none)")
        for term_el in _children(lang_el, _TERMS):
            term_node = next((n for n in term_el.iter() if local(n.tag) == "term"), None)
            if term_node is None:
                continue
            text = " ".join("".join(term_node.itertext()).split())
            if not text:
                continue
            status = _category(term_el, "administrativeStatus")
            if is_chinese(lang):
                if text not in sources:
                    sources.append(text)
            elif is_english(lang):
                english.append((text, _STATUS.get((status or "").lower().replace(" ", ""))))
    if not sources or not english:
        return None
    approved = [t for t, s in english if s == "approved"]
    usable = approved or [t for t, s in english if s in (None, "alternate")]
    if not usable:
        return None  # only deprecated English terms: nothing to approve
    target = usable[0]
    alternates = [t for t, s in english if t != target and s in ("alternate", "approved", None)]
    forbidden = [t for t, s in english if t != target and s == "forbidden"]
    concept_level = [c for c in concept if local(c.tag) not in _LANGS]
    subject = next((_category(c, "subjectField") for c in concept_level if _category(c, "subjectField")), "")
    try:
        etype = parse_type(subject or "", path, concept.sourceline)
    except InputError:
        etype = EntityType.TERM  # a real subject field ("Astronomy"), not one of our types
    notes = [
        "".join(c.itertext()).strip()
        for c in concept_level
        if local(c.tag) == "note" or (local(c.tag) == "descrip" and c.get("type") == "definition")
    ]
    case = _category(concept, "x-caseSensitive")
    return GlossaryEntry(
        id=concept.get("id") or slug(target),
        sources=tuple(sources),
        target=target,
        alternates=tuple(dict.fromkeys(alternates)),
        forbidden=tuple(dict.fromkeys(forbidden)),
        type=etype,
        note=" ".join(n for n in notes if n),
        case_sensitive=(case or "").lower() in ("true", "yes", "1"),
        origin=f"{path}:{concept.sourceline}",
    )


def render_tbx(glossary: Glossary) -> bytes:
    """Serialise a glossary as TBX-Basic v3 (DCA style)."""
    nsmap = {None: TBX_NS}
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap=nsmap, type="TBX-Basic", style="dca")
    root.set(f"{{{XML_NS}}}lang", "en")
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    file_desc = etree.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    source_desc = etree.SubElement(file_desc, f"{{{TBX_NS}}}sourceDesc")
    etree.SubElement(source_desc, f"{{{TBX_NS}}}p").text = "Exported by termqa"
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for e in glossary.entries:
        concept = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=e.id)
        etree.SubElement(concept, f"{{{TBX_NS}}}descrip", type="subjectField").text = e.type.value
        if e.case_sensitive:
            etree.SubElement(concept, f"{{{TBX_NS}}}descrip", type="x-caseSensitive").text = "true"
        if e.note:
            etree.SubElement(concept, f"{{{TBX_NS}}}note").text = e.note
        _lang_sec(concept, "zh", [(s, "preferredTerm-admn-sts") for s in e.sources])
        terms = [(e.target, "preferredTerm-admn-sts")]
        terms += [(a, "admittedTerm-admn-sts") for a in e.alternates]
        terms += [(f, "deprecatedTerm-admn-sts") for f in e.forbidden]
        _lang_sec(concept, "en", terms)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lang_sec(concept: etree._Element, lang: str, terms: list[tuple[str, str]]) -> None:
    sec = etree.SubElement(concept, f"{{{TBX_NS}}}langSec")
    sec.set(f"{{{XML_NS}}}lang", lang)
    for text, status in terms:
        term_sec = etree.SubElement(sec, f"{{{TBX_NS}}}termSec")
        etree.SubElement(term_sec, f"{{{TBX_NS}}}term").text = text
        etree.SubElement(term_sec, f"{{{TBX_NS}}}termNote", type="administrativeStatus").text = status
