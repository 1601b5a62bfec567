"""Alt text on a slide's pictures and charts.

python-pptx has no public call for a shape's description (the alt text PowerPoint's screen readers
and "Edit Alt Text" read): it is the ``descr`` attribute of the shape's ``cNvPr`` element, set here
on the shape's XML. Kept in this one module so the private ``_element`` is used nowhere else.
"""

from __future__ import annotations

from pptx.shapes.base import BaseShape


def set_alt_text(shape: BaseShape, text: str) -> None:
    """Give ``shape`` (a picture or chart frame) the description ``text``."""
    properties = shape._element.xpath("./*[1]/p:cNvPr")  # private: see the module's docstring
    properties[0].set("descr", text)


def alt_text(shape: BaseShape) -> str:
    """The description ``set_alt_text`` gave (empty if none)."""
    properties = shape._element.xpath("./*[1]/p:cNvPr")  # private: see the module's docstring
    return properties[0].get("descr", "") if properties else ""
