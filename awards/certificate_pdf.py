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


def render(pages: list[dict]) -> bytes:
    """`pages`: awards.documents._certificate_texts of each awardee."""
    if not pages:
        return render_document(TEMPLATE, {"designs": [], "pages": []}).write_pdf()
    designs: dict[tuple, dict] = {}
    for page in pages:
        key = tuple(page[field] for field in DESIGN)
        page["design"] = designs.setdefault(key, {field: page[field] for field in DESIGN})
    designs_list = list(designs.values())
    font_config = font_configuration()
    drawn = render_document(TEMPLATE, {"designs": designs_list, "pages": []}, font_config=font_config)
    for design, top, bottom in zip(designs_list, drawn.pages[::2], drawn.pages[1::2], strict=True):
        design.update(_places(top, bottom))
    awardees = render_document(TEMPLATE, {"designs": [], "pages": pages}, font_config=font_config)
    index = {id(design): i for i, design in enumerate(designs_list)}
    uses = [(index[id(page["design"])], float(page["design"]["left_y"])) for page in pages]
    document = drawn.copy(drawn.pages + awardees.pages)
    return document.write_pdf(finisher=lambda _document, pdf: _share_designs(pdf, len(designs_list), uses))


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


def _share_designs(pdf, designs: int, uses: list[tuple[int, float]]) -> None:
    """WeasyPrint's finisher: the first 2 × `designs` pages become Form XObjects (on the
    pages' shared resources) and leave the page tree; each awardee's page draws its design's
    top first and its signature before the first line of the foot (at or below `foot_y`)."""
    kids = pdf.pages["Kids"]
    numbers = kids[::3]
    resources_number = int(pdf.objects[numbers[0]]["Resources"].split()[0])
    x_objects = pdf.objects[resources_number]["XObject"]
    names = []
    for i, number in enumerate(numbers[: 2 * designs]):
        page = pdf.objects[number]
        stream = pdf.objects[int(page["Contents"].split()[0])]
        stream.extra.update(
            {"Type": "/XObject", "Subtype": "/Form", "BBox": page["MediaBox"], "Resources": page["Resources"]}
        )
        name = f"certificate-design-{i // 2}-{'top' if i % 2 == 0 else 'signature'}"
        x_objects[name] = stream.reference
        names.append(name)
    del kids[: 6 * designs]
    pdf.pages["Count"] -= 2 * designs
    for number, (design, foot_y) in zip(kids[::3], uses, strict=True):
        stream = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])]
        ops = stream.stream
        at, inverse = _foot(ops, foot_y)
        ops[at:at] = [b"q", inverse, f"/{names[2 * design + 1]} Do".encode(), b"Q"]
        ops[0:0] = [b"q", f"/{names[2 * design]} Do".encode(), b"Q"]


def _foot(ops: list, foot_y: float) -> tuple[int, bytes]:
    """Where the foot's first line begins in a page's operators (its `BT`, or the end), and the
    `cm` that brings the transformation there back to the page's own (PDF points, y up)."""
    stack, ctm = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for i, op in enumerate(ops):
        op = op.encode() if isinstance(op, str) else op
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op.endswith(b" cm"):
            ctm = _multiply(tuple(float(v) for v in op.split()[:6]), ctm)
        elif op == b"BT" and i + 1 < len(ops):
            matrix = ops[i + 1]
            matrix = matrix.encode() if isinstance(matrix, str) else matrix
            if matrix.endswith(b" Tm") and float(matrix.split()[5]) >= foot_y:
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
