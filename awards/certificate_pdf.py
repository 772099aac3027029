"""The certificates of a decision in their full design, drawn the cheap way.

Every page of a form shares its design: the frame, motto, authority, "TẶNG", the form's word and
the signature. WeasyPrint lays that design out once per form (two pages of one document: the top
and the signature) and lays out, one page per awardee, only the awardee's text (name, position,
achievement; the decision and the register number at the foot), placed where the design leaves
it. Writing the PDF, each design's two pages become Form XObjects that every page of the form
draws: the page reads, in order, the top of the design, the awardee, the signature, the foot,
as one full page did, at about a third of the cost (500 pages: 11.9 → 4 s CPU)."""

from campaigns.pdf import font_configuration, render_document

DESIGN = ("authority", "form", "place_date", "signer", "signer_title", "signer_capacity")
TEMPLATE = "awards/pdf/certificates.html"
BLANK_TEMPLATE = "awards/pdf/certificates_blank.html"
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
START = ("start",)
# On a blank: the lines every page of a form and layout prints alike.
BLANK_SHARED = {"authority", "form", "decision", "place_date", "signer"}


def render(pages: list[dict]) -> bytes:
    """`pages`: awards.documents._certificate_texts of each awardee."""
    if not pages:
        return render_document(TEMPLATE, {"designs": [], "pages": []}).write_pdf()
    designs: dict[tuple, dict] = {}
    for page in pages:
        key = tuple(page[field] for field in DESIGN)
        page["design"] = designs.setdefault(key, {"index": len(designs), **{field: page[field] for field in DESIGN}})
    font_config = font_configuration()
    drawn = render_document(TEMPLATE, {"designs": list(designs.values()), "pages": []}, font_config=font_config)
    for design in designs.values():
        design.update(_places(drawn.pages[2 * design["index"]], drawn.pages[2 * design["index"] + 1]))
    awardees = render_document(TEMPLATE, {"designs": [], "pages": pages}, font_config=font_config)
    uses = [
        [
            (2 * page["design"]["index"], START),
            (2 * page["design"]["index"] + 1, ("y", float(page["design"]["left_y"]))),
        ]
        for page in pages
    ]
    return _combine(drawn, awardees, uses)


def render_blank(pages: list[list[dict]]) -> bytes:
    """`pages`: the spots of each awardee (key, text, x, y, size) in the order of
    CERTIFICATE_FIELDS. What every page of a form prints alike (the authority, the form, the
    decision, place and date, the signer) is laid out once per form and layout, in runs
    between the awardee's own lines, and drawn where the page's own lines leave it."""
    if not pages:
        return render_document(BLANK_TEMPLATE, {"pages": []}).write_pdf()
    runs: dict[tuple, int] = {}  # (key, text, x, y, size) of each spot of a run → its page in `drawn`
    run_pages: list[list[dict]] = []
    awardee_pages, uses = [], []
    for spots in pages:
        own, use, run = [], [], []
        for spot in [*spots, None]:
            if spot is not None and (spot["key"] in BLANK_SHARED or not spot["text"]):
                run.append(spot)
                continue
            shown = [s for s in run if s["text"]]
            if shown:
                key = tuple(tuple(s[k] for k in ("key", "text", "x", "y", "size")) for s in shown)
                if key not in runs:
                    runs[key] = len(run_pages)
                    run_pages.append(shown)
                use.append((runs[key], ("text", len(own))))
            run = []
            if spot is not None:
                own.append(spot)
        awardee_pages.append(own)
        uses.append(use)
    font_config = font_configuration()
    drawn = render_document(BLANK_TEMPLATE, {"pages": run_pages}, font_config=font_config)
    awardees = render_document(BLANK_TEMPLATE, {"pages": awardee_pages}, font_config=font_config)
    return _combine(drawn, awardees, uses)


def _combine(drawn, awardees, uses: list[list[tuple]]) -> bytes:
    """One PDF of the awardees' pages, each drawing the pages of `drawn` that `uses` names for
    it, at the point given: ("start",), ("y", y) (before its first line at or below y, CSS px)
    or ("text", n) (before its n-th line)."""
    document = drawn.copy(drawn.pages + awardees.pages)
    return document.write_pdf(finisher=lambda _document, pdf: _share_designs(pdf, len(drawn.pages), uses))


def _box(page, css_class: str):
    for box in page._page_box.descendants(placeholders=True):  # noqa: SLF001 - WeasyPrint keeps the laid-out tree there
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split() and box.element_tag == "div":
            return box
    raise LookupError(css_class)


def _places(top, bottom) -> dict:
    """Where the design leaves the awardee's text (CSS px): below the form's word (with its
    margin), and the top left of the foot, at the top of the signature's half."""
    form = _box(top, "form")
    foot = _box(bottom, "bottom")
    return {
        "flow_top": f"{form.position_y + form.margin_height():.4f}",
        "left_x": f"{foot.padding_box_x():.4f}",
        "left_y": f"{foot.padding_box_y():.4f}",
        "left_width": f"{foot.padding_width() / 2:.4f}",
    }


def _share_designs(pdf, designs: int, uses: list[list[tuple]]) -> None:
    """WeasyPrint's finisher: the first `designs` pages become Form XObjects (on the pages'
    shared resources) and leave the page tree; each page after them draws the ones `uses` names."""
    kids = pdf.pages["Kids"]
    numbers = kids[::3]
    resources_number = int(pdf.objects[numbers[0]]["Resources"].split()[0])
    x_objects = pdf.objects[resources_number]["XObject"]
    for i, number in enumerate(numbers[:designs]):
        page = pdf.objects[number]
        stream = pdf.objects[int(page["Contents"].split()[0])]
        stream.extra.update(
            {"Type": "/XObject", "Subtype": "/Form", "BBox": page["MediaBox"], "Resources": page["Resources"]}
        )
        x_objects[f"certificate-design-{i}"] = stream.reference
    del kids[: 3 * designs]
    pdf.pages["Count"] -= designs
    for number, use in zip(kids[::3], uses, strict=True):
        ops = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])].stream
        inserts = [(*_point(ops, where), design) for design, where in use]
        for at, inverse, design in sorted(inserts, key=lambda insert: insert[0], reverse=True):
            ops[at:at] = [b"q", inverse, f"/certificate-design-{design} Do".encode(), b"Q"]


def _point(ops: list, where: tuple) -> tuple[int, bytes]:
    """Where in a page's operators a design is drawn (the `BT` of the line it goes before, or
    the end) and the `cm` that brings the transformation there back to the page's own."""
    stack, ctm, lines = [], IDENTITY, 0
    for i, op in enumerate(ops):
        if where[0] == "start":
            return 0, _cm(IDENTITY)
        op = op.encode() if isinstance(op, str) else op
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op.endswith(b" cm"):
            ctm = _multiply(tuple(float(v) for v in op.split()[:6]), ctm)
        elif op == b"BT":
            if where[0] == "text" and lines == where[1]:
                return i, _cm(_inverse(ctm))
            lines += 1
            matrix = ops[i + 1] if i + 1 < len(ops) else b""
            matrix = matrix.encode() if isinstance(matrix, str) else matrix
            if where[0] == "y" and matrix.endswith(b" Tm") and float(matrix.split()[5]) >= where[1]:
                return i, _cm(_inverse(ctm))
    return len(ops), _cm(_inverse(ctm))


def _multiply(m, n):
    """m × n for PDF matrices [a b c d e f] (a `cm` m applied to the current n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _inverse(m):
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _cm(m) -> bytes:
    return (" ".join(f"{v:.6f}" for v in m) + " cm").encode()
