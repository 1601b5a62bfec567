"""REFI-QDA interchange: the write-ups, their key points, the codebook and the codes as a project
(.qdpx) that QualCoder, NVivo, MAXQDA or ATLAS.ti opens, and a codebook (.qdc) read back in.

``pyrefiqda``'s models are generated from the standard's own XML schemas, so what it writes and
reads is the standard's shape; this module only maps the dashboard's records onto them. Ids are
derived from the dashboard's (uuid5), so exporting twice gives the same GUIDs and a researcher's
project can be matched back.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile

from pyrefiqda.models import (
    CodeRefType,
    CodingType,
    PlainTextSelectionType,
    Project,
    ProjectCodeBookType,
    ProjectCodesType,
    ProjectCodeType,
    SourcesType,
    TextSourceType,
    UsersType,
    UserType,
)
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.models.datatype import XmlDateTime
from xsdata_pydantic.bindings import XmlSerializer

from dash import safe
from dash.queries.interchange import CodedWriteUps

_NAMESPACE = uuid.UUID("6c1f3b8e-2d7a-4f0e-9a51-3c0d8e4b7a21")  # this dashboard's own, for uuid5
MACHINE = "Suggested by the dashboard (rules or meaning)"
PROJECT_NS = "urn:QDA-XML:project:1.0"
PROJECT_NAME = "Trustee dashboard: meeting write-ups"
ORIGIN = "Trustee dashboard (participatory grant-making)"


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _when(value: object) -> XmlDateTime | None:
    if not isinstance(value, dt.datetime | dt.date) or value != value:  # None, NaT
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    return XmlDateTime.from_datetime(moment.replace(microsecond=0))


def _status_words(code) -> str:
    """What a researcher reads on a coding: who decided it, or how it was suggested."""
    said = safe.document_text(str(code.decided_by)) if isinstance(code.decided_by, str) else ""
    if code.status == "accepted":
        return f"Accepted by {said}" if said else "Accepted"
    if code.status == "disputed":
        return f"Reviewers disagree ({said}); not yet settled"
    method = str(code.method)
    how = ("Suggested by meaning (the nearest coded sentences)" if method.startswith("meaning@")
           else "Suggested by the rules (the codebook's phrases)")
    return f"{how}; not yet reviewed"


def write_up_texts(data: CodedWriteUps) -> dict[str, tuple[str, dict[str, tuple[int, int]]]]:
    """meeting id → (its text: one key point a line, numbered; each key point's character span)."""
    texts: dict[str, tuple[list[str], dict[str, tuple[int, int]]]] = {}
    for point in data.key_points.itertuples():
        lines, spans = texts.setdefault(point.meeting_id, ([], {}))
        start = sum(len(line) + 1 for line in lines) + len(f"{point.position}. ")
        words = safe.document_text(str(point.text))
        lines.append(f"{point.position}. {words}")
        spans[point.insight_id] = (start, start + len(words))
    return {meeting: ("\n".join(lines), spans) for meeting, (lines, spans) in texts.items()}


def _selections(spans: dict[str, tuple[int, int]], codes_by_point: dict[str, list], stamp: XmlDateTime
                ) -> list[PlainTextSelectionType]:
    """A selection over each coded key point's words, coded with its theme, by whoever decided it."""
    selections = []
    for insight_id, (start, end) in spans.items():
        for code in codes_by_point.get(insight_id, []):
            decided = code.status == "accepted" and isinstance(code.decided_by, str)
            who = guid("user", code.decided_by if decided else MACHINE)
            key = f"{insight_id}|{code.theme_id}"
            selections.append(PlainTextSelectionType(
                guid=guid("coding", key), name=f"{insight_id} · {code.theme_id}",
                start_position=start, end_position=end, description=_status_words(code),
                creating_user=who, creation_date_time=_when(code.decided_at) or stamp,
                coding=[CodingType(guid=guid("code-ref", key), creating_user=who,
                                   code_ref=CodeRefType(target_guid=guid("theme", code.theme_id)))]))
    return selections


def project(data: CodedWriteUps, *, made_at: dt.datetime) -> tuple[Project, dict[str, str]]:
    """The REFI-QDA project, and the text file each source points at (internal name → text)."""
    accepted = data.codes[data.codes["status"] == "accepted"]
    reviewers = sorted({who for who in accepted["decided_by"] if isinstance(who, str)})
    users = [UserType(guid=guid("user", who), name=safe.document_text(who)[:200])
             for who in [MACHINE, *reviewers]]
    codes = [ProjectCodeType(guid=guid("theme", t.theme_id), name=safe.document_text(t.name), is_codable=True,
                             description=safe.document_text(t.definition or ""))
             for t in data.themes.itertuples()]
    codes_by_point: dict[str, list] = {}
    for code in data.codes.itertuples():
        codes_by_point.setdefault(code.insight_id, []).append(code)
    stamp = XmlDateTime.from_datetime(made_at.replace(microsecond=0))
    texts = write_up_texts(data)
    sources, files = [], {}
    for meeting in data.key_points.drop_duplicates("meeting_id").itertuples():
        text, spans = texts[meeting.meeting_id]
        source_guid = guid("meeting", meeting.meeting_id)
        files[f"{source_guid}.txt"] = text
        held = f" ({meeting.held_on:%d %B %Y})" if _when(meeting.held_on) else ""
        sources.append(TextSourceType(
            guid=source_guid, name=safe.document_text(f"{meeting.meeting}{held}")[:250],
            plain_text_path=f"internal://{source_guid}.txt", plain_text_content=text,
            creation_date_time=stamp, plain_text_selection=_selections(spans, codes_by_point, stamp)))
    qda = Project(name=PROJECT_NAME, origin=ORIGIN, creation_date_time=stamp, users=UsersType(user=users),
                  code_book=ProjectCodeBookType(codes=ProjectCodesType(code=codes)),
                  sources=SourcesType(text_source=sources) if sources else None)
    return qda, files


def project_xml(qda: Project) -> bytes:
    serializer = XmlSerializer(config=SerializerConfig(xml_declaration=True, encoding="UTF-8", indent="  "))
    return serializer.render(qda, ns_map={None: PROJECT_NS}).encode("utf-8")


def qdpx(data: CodedWriteUps, made_at: dt.datetime | None = None) -> bytes:
    """The .qdpx archive: project.qde and, under sources/, each write-up as a UTF-8 text file (the
    standard's internal:// paths; QualCoder reads the files, others the inline text)."""
    qda, files = project(data, made_at=made_at or dt.datetime.now(dt.UTC).replace(tzinfo=None))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(qda))
        archive.writestr("sources/", b"")
        for name, text in files.items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    return buffer.getvalue()
