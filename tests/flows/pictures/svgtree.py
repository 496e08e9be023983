"""Reading a picture back: a standalone SVG parsed as XML, its elements by class."""

import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The SVG's root element (fails if the text is not well-formed XML)."""
    return ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    """The elements whose class list holds `name`."""
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    """Every text element's own text (its tooltip left out)."""
    return [(e.text or "") + "".join((c.tail or "") for c in e) for e in root.iter(f"{NS}text")]


def tooltips(root: ET.Element) -> list[str]:
    """Every <title>'s text."""
    return [e.text or "" for e in root.iter(f"{NS}title")]
