"""What the synthetic units did: annual reports and their results, the communes' reports to
the province, dossiers with their stage rows. A mixin of the Synthesizer."""

import datetime
import random

from accounts.models import User
from awards.models import (
    AwardForm,
    Nomination,
    NominationStage,
)
from campaigns.models import (
    AdministrativeUnit,
    Plan,
)
from devtools.synthetic.data import (
    AT_PROVINCE,
    NOMINATION_STATES,
    PAST_COMMUNE_COUNCIL,
    PAST_PROVINCE_COUNCIL,
    PROVINCE_FORMS,
    RESULT_PHRASES,
    Status,
    _at,
    chunks,
    full_name,
)
from reporting.models import (
    AnnualReport,
    CommuneReport,
    ContentResult,
)


class Activity:
    def _outcome(self, rng: random.Random, due: datetime.date, weights: tuple) -> tuple[str, datetime.date | None]:
        """("on_time" | "late" | "returned" | "draft" | "missing", first submission date)."""
        on_time, late, returned, draft = weights
        roll = rng.random()
        if roll < on_time:
            outcome, day = "on_time", due - datetime.timedelta(days=rng.randint(0, 25))
        elif roll < on_time + late:
            outcome, day = "late", due + datetime.timedelta(days=rng.randint(1, 30))
        elif roll < on_time + late + returned:
            outcome, day = "returned", due - datetime.timedelta(days=rng.randint(1, 15))
        elif roll < on_time + late + returned + draft:
            return "draft", None
        else:
            return "missing", None
        if day >= self.as_of:  # not yet: some have started a draft
            return ("draft", None) if rng.random() < 0.3 else ("missing", None)
        return outcome, day

    def _reports(self, plan: Plan, units: list, rng: random.Random, officer_id: int, due_dm: tuple) -> list:
        reports = []
        for year in range(plan.first_report_year, self.end_year + 1):
            due = datetime.date(year, due_dm[1], due_dm[0])
            for unit in units:
                outcome, day = self._outcome(rng, due, (0.68, 0.15, 0.03, 0.03))
                if outcome == "missing":
                    continue
                report = AnnualReport(plan=plan, year=year, unit=unit, status=AnnualReport.Status.DRAFT)
                if day is not None:
                    at = _at(day, rng)
                    report.submitted_at = report.first_submitted_at = at
                    report.submitted_by_id = officer_id
                    report.status = AnnualReport.Status.SUBMITTED
                    report.version = 2
                    if outcome == "returned":
                        report.status = AnnualReport.Status.RETURNED
                        report.returned_at = min(at + datetime.timedelta(days=2), self.cutoff)
                        report.returned_by_id = officer_id
                        report.returned_reason = "Đề nghị bổ sung minh chứng cho kết quả thực hiện nội dung 2."
                        report.version = 3
                reports.append(report)
        return reports

    def _results(self, reports: list[AnnualReport], contents: dict[int, list[int]]) -> None:
        """Results per content for the last two years' received reports (older years keep
        only their status: enough for the boards and statistics)."""
        results = []
        for report in reports:
            if report.year < self.end_year - 1 or report.status == AnnualReport.Status.DRAFT:
                continue
            rng = self.rng("results", report.unit.email, report.year)
            for content_id in contents[report.plan_id]:
                text = rng.choice(RESULT_PHRASES).format(
                    n=rng.randint(2, 12), m=rng.randint(30, 400), p=rng.randint(60, 98)
                )
                results.append(ContentResult(report=report, content_id=content_id, text=text))
        for batch in chunks(results, 20000):
            self._bulk(ContentResult, batch)

    def _commune_reports(self, plan: Plan, commune: AdministrativeUnit, rng: random.Random, officer_id: int) -> list:
        reports = []
        for year in range(plan.first_report_year, self.end_year + 1):
            outcome, day = self._outcome(rng, datetime.date(year, 12, 15), (0.6, 0.2, 0.03, 0.07))
            if outcome == "missing":
                continue
            report = CommuneReport(
                plan=plan,
                commune=commune,
                year=year,
                general_assessment=f"Phong trào thi đua năm {year} trên địa bàn {commune.full_name} đạt kết quả tốt.",
            )
            if day is not None:
                report.submitted_at = report.first_submitted_at = _at(day, rng)
                report.submitted_by_id = officer_id
                report.status = CommuneReport.Status.SUBMITTED
                report.version = 2
                if outcome == "returned":
                    report.status = CommuneReport.Status.RETURNED
                    report.returned_at = min(report.submitted_at + datetime.timedelta(days=3), self.cutoff)
                    report.returned_reason = "Đề nghị bổ sung số liệu về hồ sơ khen thưởng."
                    report.version = 3
            reports.append(report)
        return reports

    # --- dossiers -----------------------------------------------------------------------

    def _form_for(self, status: str, rng: random.Random) -> AwardForm:
        if status == Status.DECIDED:
            return self.forms["giay_khen"]
        if status == Status.DECIDED_BY_PROVINCE:
            return self.forms[rng.choice(["bang_khen_chu_tich_tinh", "co_thi_dua_tinh"])]
        if status == Status.FORWARDED_TO_NATIONAL:
            return self.forms[rng.choice(["bang_khen_thu_tuong", "co_thi_dua_chinh_phu"])]
        if status in AT_PROVINCE:
            return self.forms[rng.choice(PROVINCE_FORMS)]
        return self.forms[rng.choice(["giay_khen"] * 12 + PROVINCE_FORMS)]

    def _bulk_nominations(self, nominations: list) -> None:
        self._bulk(Nomination, nominations)
        self._bulk(NominationStage, [stage for nomination in nominations for stage in nomination.stage_rows])

    def _nominations(self, plan: Plan, units: list, rng: random.Random, officer: User, n: int) -> list:
        states, weights = zip(*NOMINATION_STATES, strict=True)
        years = list(range(plan.first_report_year, self.end_year + 1))
        nominations = []
        for _ in range(n):
            status = rng.choices(states, weights)[0]
            year = rng.choice(years)
            form = self._form_for(status, rng)
            unit = rng.choice(units)
            individual = form.recipients != AwardForm.Recipients.COLLECTIVE and rng.random() < 0.35
            # Everything happens around the year's deadline, never after `as_of`.
            moment = min(datetime.date(year, 12, 20), self.as_of - datetime.timedelta(days=1))
            nomination = Nomination(
                plan=plan,
                occasion="preliminary" if year == self.start_year + 4 and rng.random() < 0.3 else "annual",
                award_form=form,
                nominee_kind="individual" if individual else "collective",
                unit=unit,
                individual_name=full_name(rng) if individual else "",
                individual_position=f"Cán bộ, {unit.name}" if individual else "",
                achievements=f"Hoàn thành xuất sắc nhiệm vụ năm {year}; dẫn đầu phong trào thi đua đổi mới sáng tạo.",
                status=status,
                created_by=officer,
            )
            stages = {}  # the dossier's stage rows, saved after it (see _bulk_nominations)

            def stage(level: str, nomination=nomination, stages=stages) -> NominationStage:
                return stages.setdefault(level, NominationStage(nomination=nomination, level=level))

            if status != Status.DRAFT:
                stage("commune")
            if status == Status.RETURNED:
                stage("commune").returned_reason = "Thiếu báo cáo thành tích có xác nhận của đơn vị."
            if status in PAST_COMMUNE_COUNCIL:
                commune = stage("commune")
                commune.appraisal_comment = "Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng."
                commune.council_meeting_date = moment
                commune.council_members_present = 9
                commune.council_votes_for = rng.randint(6, 9)
                commune.council_votes_against = 9 - commune.council_votes_for
            if status == Status.DECIDED:
                stage("commune").decision_number = f"{rng.randint(100, 999)}/QĐ-UBND"
                stage("commune").decision_date = moment
                stage("commune").decision_signer = full_name(rng)
            if status in AT_PROVINCE:
                stage("commune").forwarded_at = nomination.sent_up_at = _at(moment, rng)
                stage("commune").forwarded_by = officer
                stage("province")
            if status == Status.RETURNED_BY_PROVINCE:
                stage("province").returned_reason = "Đề nghị bổ sung biên bản họp Hội đồng cấp xã."
            if status in PAST_PROVINCE_COUNCIL | {Status.APPRAISED_BY_PROVINCE}:
                stage("province").appraisal_comment = "Đủ điều kiện trình Hội đồng Thi đua - Khen thưởng tỉnh."
            if status in PAST_PROVINCE_COUNCIL:
                province = stage("province")
                province.council_meeting_date = moment
                province.council_members_present = 11
                province.council_votes_for = rng.randint(8, 11)
                province.council_votes_against = 11 - province.council_votes_for
            if status == Status.DECIDED_BY_PROVINCE:
                stage("province").decision_number = f"{rng.randint(1000, 3999)}/QĐ-UBND"
                stage("province").decision_date = moment
                stage("province").decision_signer = full_name(rng)
            if status == Status.FORWARDED_TO_NATIONAL:
                stage("province").submission_number = f"{rng.randint(100, 999)}/TTr-UBND"
                stage("province").submission_date = moment
                stage("national")
            nomination.stage_rows = list(stages.values())
            nominations.append(nomination)
        return nominations

    # --- the benchmark's 10× ------------------------------------------------------------
