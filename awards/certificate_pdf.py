"""The certificates of a decision as one PDF, drawn the cheap way (same text, order and pixels
as laying out every page whole).

Every page of a form shares its design: the frame, motto, authority, "TẶNG", the form's word, the
signature and the decision's line (on a blank: the authority, the form, the decision, place, date and signer).
WeasyPrint lays each design out once (the parts that come before and after the awardee's lines
as pages of their own) and lays out only the awardee's own lines, placed where the design leaves
them, TILES pages to a sheet: its cost per page (page styles, margin boxes, pagination) was more
than the text on it. Writing the PDF (`_paginate`, WeasyPrint's finisher) the design pages become
Form XObjects, the sheets are cut into pages again, and each page draws its design's parts in
reading order around its own lines. 500 pages, old and new in one process: 0.44 × the CPU of
laying every page out whole (14.96 → 6.51 s at load 9–11; blank 0.29 ×, 15.51 → 4.44 s)."""

from campaigns.pdf import font_configuration, render_document

DESIGN = ("authority", "form", "decision", "place_date", "signer", "signer_title", "signer_capacity")
TEMPLATE = "awards/pdf/certificates.html"
BLANK_TEMPLATE = "awards/pdf/certificates_blank.html"
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
START = ("start",)
PAGE_HEIGHT_MM = 210  # A4 landscape, as _certificate_base.html
TILE_PX = PAGE_HEIGHT_MM / 25.4 * 96  # one page's height on a sheet, in CSS px
TILES = 20  # pages to a sheet
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
    uses = [
        [
            (2 * page["design"]["index"], START),
            (2 * page["design"]["index"] + 1, ("y", float(page["design"]["left_y"]))),
        ]
        for page in pages
    ]
    return _combine(drawn, TEMPLATE, {"designs": [], "pages": pages}, font_config, uses)


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
    return _combine(drawn, BLANK_TEMPLATE, {"pages": awardee_pages}, font_config, uses)


def _combine(drawn, awardees_template: str, context: dict, font_config, uses: list[list[tuple]]) -> bytes:
    """One PDF of the awardees' pages, each drawing the pages of `drawn` that `uses` names for
    it, at the point given: ("start",), ("y", y) (before its first line at or below y, CSS px)
    or ("text", n) (before its n-th line). WeasyPrint lays the awardees' pages out TILES to a
    sheet (a page of its own costs it more than the text on it); the PDF has one page each."""
    sheet = {"count": TILES, "height": f"{TILES * PAGE_HEIGHT_MM}mm"}
    awardees = render_document(awardees_template, {**context, "sheet": sheet}, font_config=font_config)
    document = drawn.copy(drawn.pages + awardees.pages)
    count = len(uses)
    return document.write_pdf(finisher=lambda _document, pdf: _paginate(pdf, len(drawn.pages), count, uses))


def _paginate(pdf, designs: int, count: int, uses: list[list[tuple]]) -> None:
    """WeasyPrint's finisher: the first `designs` pages become Form XObjects (on the pages'
    shared resources); the sheets after them are cut into `count` pages of the designs' size,
    each its own lines (in the order drawn) and the designs `uses` names for it."""
    import pydyf

    kids = pdf.pages["Kids"]
    numbers = kids[::3]
    first = pdf.objects[numbers[0]]
    x_objects = pdf.objects[int(first["Resources"].split()[0])]["XObject"]
    for i, number in enumerate(numbers[:designs]):
        page = pdf.objects[number]
        stream = pdf.objects[int(page["Contents"].split()[0])]
        stream.extra.update(
            {"Type": "/XObject", "Subtype": "/Form", "BBox": page["MediaBox"], "Resources": page["Resources"]}
        )
        x_objects[f"certificate-design-{i}"] = stream.reference
    page_height = float(first["MediaBox"][3]) - float(first["MediaBox"][1])
    tiles: list[list[tuple]] = [[] for _ in range(count)]
    for sheet, number in enumerate(numbers[designs:]):
        stream = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])]
        for y, ctm, line in _lines(stream.stream):
            tile = min(int(y // TILE_PX), TILES - 1)
            scale = ctm[0]
            # The sheet's transformation, moved up by the tiles above: the line's operators stay as drawn.
            base = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], page_height + scale * tile * TILE_PX)
            tiles[sheet * TILES + tile].append((y - tile * TILE_PX, [b"q", _cm(base), *line, b"Q"]))
        stream.stream = []  # the sheet's page leaves the tree; its stream stays, empty
    del kids[:]
    pdf.pages["Count"] = 0
    for lines, use in zip(tiles, uses, strict=True):
        ops = [op for _y, line in lines for op in line]
        starts = [0]
        for _y, line in lines:
            starts.append(starts[-1] + len(line))
        inserts = []
        for design, where in use:
            if where[0] == "start":
                at = 0
            elif where[0] == "text":
                at = starts[min(where[1], len(lines))]
            else:
                at = next((starts[i] for i, (y, _line) in enumerate(lines) if y >= where[1]), len(ops))
            inserts.append((at, design))
        for at, design in sorted(inserts, key=lambda insert: insert[0], reverse=True):
            ops[at:at] = [b"q", f"/certificate-design-{design} Do".encode(), b"Q"]
        stream = pydyf.Stream(ops, compress=True)
        pdf.add_object(stream)
        page = pydyf.Dictionary({**first, "Contents": stream.reference})
        pdf.add_page(page)


PATH_OPS = {b"re", b"W", b"W*", b"n", b"m", b"l", b"h", b"c", b"v", b"y"}  # a clip: the page clips alike


def _lines(ops: list):
    """Each text line of a sheet's operators: (its baseline y in CSS px, the transformation it
    is drawn under, its operators: the graphics state, colour and font it needs, BT … ET)."""
    stack, ctm, state = [], IDENTITY, {}
    line, text = None, False
    for op in ops:
        op = op.encode() if isinstance(op, str) else op
        name = op.rsplit(b" ", 1)[-1]
        if text:
            if name == b"Tm":
                if line is not None:
                    yield (*line[:2], [*line[2], b"ET"])
                prefix = [state[k] for k in ("gs", "fill", "Tf") if k in state]
                line = (float(op.split()[5]), ctm, [*prefix, b"BT", op])
            elif name == b"ET":
                text = False
                if line is not None:
                    yield (*line[:2], [*line[2], b"ET"])
                line = None
            elif line is not None:
                line[2].append(op)
            if name == b"Tf":
                state["Tf"] = op
            continue
        if op == b"BT":
            text = True
        elif op == b"q":
            stack.append((ctm, dict(state)))
        elif op == b"Q":
            ctm, state = stack.pop()
        elif name == b"cm":
            ctm = _multiply(tuple(float(v) for v in op.split()[:6]), ctm)
        elif name == b"gs":
            state["gs"] = op
        elif name in (b"rg", b"g", b"k", b"sc", b"scn", b"cs"):
            state["fill"] = op
        elif name in (b"RG", b"G", b"K", b"SC", b"SCN", b"CS", b"w") or name in PATH_OPS:
            pass
        else:
            raise ValueError(f"A certificate's own part draws only text, not {op[:40]!r}")


def _box(page, css_class: str):
    for box in page._page_box.descendants(placeholders=True):  # noqa: SLF001 - WeasyPrint keeps the laid-out tree there
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split() and box.element_tag == "div":
            return box
    raise LookupError(css_class)


def _places(top, bottom) -> dict:
    """Where the design leaves the awardee's text (CSS px): below the form's word (with its
    margin), and in the foot's left half (at the top of the signature's half), below the
    decision's line."""
    form = _box(top, "form")
    foot = _box(bottom, "bottom")
    decision = _box(bottom, "left")  # the foot's left half: the decision's line, the register's below
    return {
        "register_y": f"{foot.padding_box_y() + decision.margin_height():.4f}",
        "flow_top": f"{form.position_y + form.margin_height():.4f}",
        "left_x": f"{foot.padding_box_x():.4f}",
        "left_y": f"{foot.padding_box_y():.4f}",
        "left_width": f"{foot.padding_width() / 2:.4f}",
    }


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


def _cm(m) -> bytes:
    return (" ".join(f"{v:.6f}" for v in m) + " cm").encode()
