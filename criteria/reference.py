"""Reference subject types seen in the real plans; administrators add more in the admin.

Used by the data migration (every installation has them) and by load_demo (which must also
work on a database whose data was flushed, as the browser tests' is).
"""

SUBJECT_TYPES = [
    # code, name, kind, broader, description
    (
        "office",
        "Cơ quan, đơn vị",
        "collective",
        None,
        "Phòng, ban, cơ quan, đơn vị; ở cấp tỉnh: sở, ban, ngành, địa phương.",
    ),
    (
        "front",
        "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
        "collective",
        None,
        "Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội, đoàn thể.",
    ),
    ("enterprise", "Doanh nghiệp", "collective", None, ""),
    ("cooperative", "Hợp tác xã", "collective", "enterprise", ""),
    ("village", "Thôn, khối", "collective", None, "Thôn ở xã, khối (tổ dân phố) ở phường."),
    ("school", "Trường học", "collective", "office", "Trường mầm non, tiểu học, trung học cơ sở."),
    ("individual", "Cá nhân", "individual", None, "Cán bộ, công chức, viên chức, người lao động."),
    ("other", "Đối tượng khác", "individual", "individual", "Tổ chức, cá nhân khác có đóng góp cho phong trào."),
]


def ensure_subject_types(SubjectType) -> None:  # noqa: N803 - a model class, real or historical
    for position, (code, name, kind, _broader, description) in enumerate(SUBJECT_TYPES, start=1):
        SubjectType.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "position": position, "description": description}
        )
    for code, _name, _kind, broader, _description in SUBJECT_TYPES:
        if broader:
            SubjectType.objects.filter(code=code, broader__isnull=True).update(
                broader=SubjectType.objects.get(code=broader)
            )
